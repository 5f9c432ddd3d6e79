using System.Collections.Generic;
using System.Linq;
using NfDevice.Cloud.Jobs;

namespace NfDevice.Cloud.Control
{
    /// <summary>The configuration members DescribeJob and DescribeJobTemplate answer with, in AWS's shapes (null = left out).</summary>
    internal static class Configs
    {
        public static object PresignedUrl(JobSpec s) => s.PresignedUrlRoleArn == null && s.PresignedUrlExpiresInSec == null
            ? null
            : new { roleArn = s.PresignedUrlRoleArn, expiresInSec = s.PresignedUrlExpiresInSec ?? 3600 };

        public static object Rollout(JobSpec s) => s.Rollout == null ? null : new
        {
            maximumPerMinute = s.Rollout.MaximumPerMinute,
            exponentialRate = s.Rollout.BaseRatePerMinute == null ? null : new
            {
                baseRatePerMinute = s.Rollout.BaseRatePerMinute,
                incrementFactor = s.Rollout.IncrementFactor,
                rateIncreaseCriteria = new { numberOfNotifiedThings = s.Rollout.NumberOfNotifiedThings, numberOfSucceededThings = s.Rollout.NumberOfSucceededThings },
            },
        };

        public static object Abort(JobSpec s) => s.AbortCriteria == null ? null : new
        {
            criteriaList = s.AbortCriteria.Select(c => new { failureType = c.FailureType, action = c.Action, thresholdPercentage = c.ThresholdPercentage, minNumberOfExecutedThings = c.MinNumberOfExecutedThings }).ToList(),
        };

        public static object Timeout(JobSpec s) => s.InProgressTimeoutInMinutes == null ? null : new { inProgressTimeoutInMinutes = s.InProgressTimeoutInMinutes };

        public static object Retry(JobSpec s) => s.RetryCriteria == null ? null : new
        {
            criteriaList = s.RetryCriteria.Select(c => new { failureType = c.FailureType, numberOfRetries = c.NumberOfRetries }).ToList(),
        };

        public static object Windows(List<MaintenanceWindow> windows) =>
            windows?.Select(w => new { startTime = w.StartTime, durationInMinutes = w.DurationInMinutes }).ToList();
    }
}
