using System;
using System.Collections.Generic;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NfDevice.Cloud.Control;
using NfDevice.Cloud.Jobs;

namespace NfDevice.Cloud.WebConsole.Pages.Jobs
{
    /// <summary>
    /// A job: its configuration, counts and executions (live through <see cref="LiveJobFeed"/>), and the Cancel and
    /// Delete actions, which call the same JobsService operations as the CancelJob and DeleteJob REST routes.
    /// </summary>
    public sealed class DetailModel : PageModel
    {
        private readonly Emulator _em;

        /// <summary>Creates the page.</summary>
        public DetailModel(Emulator em) { _em = em; }

        /// <summary>The job id from the route.</summary>
        [BindProperty(SupportsGet = true)] public string JobId { get; set; }
        /// <summary>CancelJob reasonCode.</summary>
        [BindProperty] public string ReasonCode { get; set; }
        /// <summary>CancelJob comment.</summary>
        [BindProperty] public string Comment { get; set; }
        /// <summary>force (cancel or delete).</summary>
        [BindProperty] public bool Force { get; set; }

        /// <summary>The job (null when it does not exist).</summary>
        public JobRecord Job { get; private set; }
        /// <summary>Latest execution per thing.</summary>
        public List<ExecutionView> Executions { get; private set; }
        /// <summary>An error from the last action, shown at the top.</summary>
        public string Error { get; private set; }
        /// <summary>A confirmation of the last action.</summary>
        public string Notice { get; private set; }

        /// <summary>Shows the job.</summary>
        public IActionResult OnGet()
        {
            if (Request.Query.ContainsKey("created")) Notice = "Job " + JobId + " was created.";
            if (Request.Query.ContainsKey("canceled")) Notice = "Job " + JobId + " was canceled.";
            return Load() ? Page() : NotFound();
        }

        /// <summary>CancelJob (reasonCode, comment, force).</summary>
        public IActionResult OnPostCancel()
        {
            try
            {
                _em.Jobs.CancelJob(JobId, Force, Blank(ReasonCode), Blank(Comment));
                return Redirect(ConsoleSetup.Prefix + "/jobs/" + Uri.EscapeDataString(JobId) + "?canceled=1");
            }
            catch (AwsException e)
            {
                Error = e.ErrorType + ": " + e.Message;
                return Load() ? Page() : NotFound();
            }
        }

        /// <summary>DeleteJob (force).</summary>
        public IActionResult OnPostDelete()
        {
            try
            {
                _em.Jobs.DeleteJob(JobId, Force);
                return Redirect(ConsoleSetup.Prefix + "/jobs?deleted=" + Uri.EscapeDataString(JobId));
            }
            catch (AwsException e)
            {
                Error = e.ErrorType + ": " + e.Message;
                return Load() ? Page() : NotFound();
            }
        }

        private bool Load()
        {
            try { Job = _em.Jobs.GetJob(JobId); }
            catch (AwsException) { return false; }
            Executions = ExecutionView.ForJob(_em, JobId);
            return true;
        }

        private static string Blank(string s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
    }
}
