using NfDevice.Jobs.Json;

namespace NfDevice.Jobs.Protocol
{
    /// <summary>
    /// Encodes the request payloads of the Jobs MQTT API (reference §2.2-2.5) with the field names and order of
    /// the reference. Everything is validated before anything is written. The <see cref="JsonWriter"/>
    /// overloads write into the writer's range (Reset it first) and allocate nothing; the byte[] overloads
    /// make a writer per call.
    /// </summary>
    public static class JobsRequests
    {
        /// <summary>GetPendingJobExecutions: <c>{"clientToken":"..."}</c>, or <c>{}</c> without a token.</summary>
        public static JobsResult GetPendingJobExecutions(JsonWriter writer, string clientToken)
        {
            JobsResult r = CheckToken(clientToken);
            if (r != JobsResult.Success)
            {
                return r;
            }

            writer.BeginObject();
            WriteToken(writer, clientToken);
            writer.EndObject();
            return Finish(writer);
        }

        /// <summary>
        /// StartNextPendingJobExecution: <c>{"statusDetails":{...},"stepTimeoutInMinutes":n,"clientToken":"..."}</c>.
        /// statusDetails null/empty and stepTimeoutInMinutes 0 are omitted.
        /// </summary>
        public static JobsResult StartNextPendingJobExecution(JsonWriter writer, StatusDetails statusDetails, int stepTimeoutInMinutes, string clientToken)
        {
            JobsResult r = CheckToken(clientToken);
            if (r == JobsResult.Success && stepTimeoutInMinutes != 0 && !JobsValidation.IsValidStepTimeout(stepTimeoutInMinutes, false))
            {
                r = JobsResult.InvalidStepTimeout;
            }

            if (r != JobsResult.Success)
            {
                return r;
            }

            writer.BeginObject();
            WriteDetails(writer, statusDetails);
            if (stepTimeoutInMinutes != 0)
            {
                writer.Int64("stepTimeoutInMinutes", stepTimeoutInMinutes);
            }

            WriteToken(writer, clientToken);
            writer.EndObject();
            return Finish(writer);
        }

        /// <summary>
        /// DescribeJobExecution: <c>{"executionNumber":n,"includeJobDocument":true|false,"clientToken":"..."}</c>.
        /// executionNumber 0 is omitted (AWS then describes the latest execution); includeJobDocument is always written.
        /// </summary>
        public static JobsResult DescribeJobExecution(JsonWriter writer, long executionNumber, bool includeJobDocument, string clientToken)
        {
            JobsResult r = CheckToken(clientToken);
            if (r == JobsResult.Success && executionNumber < 0)
            {
                r = JobsResult.BadParameter;
            }

            if (r != JobsResult.Success)
            {
                return r;
            }

            writer.BeginObject();
            if (executionNumber != 0)
            {
                writer.Int64("executionNumber", executionNumber);
            }

            writer.Boolean("includeJobDocument", includeJobDocument);
            WriteToken(writer, clientToken);
            writer.EndObject();
            return Finish(writer);
        }

        /// <summary>
        /// UpdateJobExecution: <c>{"status":"...","statusDetails":{...},"expectedVersion":n,"executionNumber":n,
        /// "includeJobExecutionState":true,"includeJobDocument":true,"stepTimeoutInMinutes":n,"clientToken":"..."}</c>,
        /// omitting what the request leaves unset.
        /// </summary>
        public static JobsResult UpdateJobExecution(JsonWriter writer, UpdateJobExecutionRequest request)
        {
            if (request == null || request.ExpectedVersion < 0 || request.ExecutionNumber < 0)
            {
                return JobsResult.BadParameter;
            }

            if (!JobsNames.IsDeviceSettable(request.Status))
            {
                return JobsResult.InvalidStatus;
            }

            if (request.StepTimeoutInMinutes != 0 && !JobsValidation.IsValidStepTimeout(request.StepTimeoutInMinutes, true))
            {
                return JobsResult.InvalidStepTimeout;
            }

            JobsResult r = CheckToken(request.ClientToken);
            if (r != JobsResult.Success)
            {
                return r;
            }

            writer.BeginObject();
            writer.String("status", JobsNames.StatusName(request.Status));
            WriteDetails(writer, request.StatusDetails);
            if (request.ExpectedVersion != 0)
            {
                writer.Int64("expectedVersion", request.ExpectedVersion);
            }

            if (request.ExecutionNumber != 0)
            {
                writer.Int64("executionNumber", request.ExecutionNumber);
            }

            if (request.IncludeJobExecutionState)
            {
                writer.Boolean("includeJobExecutionState", true);
            }

            if (request.IncludeJobDocument)
            {
                writer.Boolean("includeJobDocument", true);
            }

            if (request.StepTimeoutInMinutes != 0)
            {
                writer.Int64("stepTimeoutInMinutes", request.StepTimeoutInMinutes);
            }

            WriteToken(writer, request.ClientToken);
            writer.EndObject();
            return Finish(writer);
        }

        /// <summary>GetPendingJobExecutions into buffer[offset, offset+count); <paramref name="length"/> is the payload size.</summary>
        public static JobsResult GetPendingJobExecutions(byte[] buffer, int offset, int count, string clientToken, out int length)
        {
            JsonWriter w = new JsonWriter(buffer, offset, count);
            return Done(w, GetPendingJobExecutions(w, clientToken), out length);
        }

        /// <summary>StartNextPendingJobExecution into buffer[offset, offset+count).</summary>
        public static JobsResult StartNextPendingJobExecution(byte[] buffer, int offset, int count, StatusDetails statusDetails, int stepTimeoutInMinutes, string clientToken, out int length)
        {
            JsonWriter w = new JsonWriter(buffer, offset, count);
            return Done(w, StartNextPendingJobExecution(w, statusDetails, stepTimeoutInMinutes, clientToken), out length);
        }

        /// <summary>DescribeJobExecution into buffer[offset, offset+count).</summary>
        public static JobsResult DescribeJobExecution(byte[] buffer, int offset, int count, long executionNumber, bool includeJobDocument, string clientToken, out int length)
        {
            JsonWriter w = new JsonWriter(buffer, offset, count);
            return Done(w, DescribeJobExecution(w, executionNumber, includeJobDocument, clientToken), out length);
        }

        /// <summary>UpdateJobExecution into buffer[offset, offset+count).</summary>
        public static JobsResult UpdateJobExecution(byte[] buffer, int offset, int count, UpdateJobExecutionRequest request, out int length)
        {
            JsonWriter w = new JsonWriter(buffer, offset, count);
            return Done(w, UpdateJobExecution(w, request), out length);
        }

        private static JobsResult Done(JsonWriter w, JobsResult r, out int length)
        {
            length = r == JobsResult.Success ? w.Length : 0;
            return r;
        }

        private static JobsResult CheckToken(string clientToken)
        {
            return (clientToken == null || JobsValidation.IsValidClientToken(clientToken)) ? JobsResult.Success : JobsResult.InvalidClientToken;
        }

        private static void WriteToken(JsonWriter writer, string clientToken)
        {
            if (clientToken != null)
            {
                writer.String("clientToken", clientToken);
            }
        }

        private static void WriteDetails(JsonWriter writer, StatusDetails statusDetails)
        {
            if (statusDetails != null && statusDetails.Count > 0)
            {
                writer.PropertyName("statusDetails");
                statusDetails.WriteTo(writer);
            }
        }

        private static JobsResult Finish(JsonWriter writer)
        {
            JsonResult r = writer.Result;
            if (r == JsonResult.Success)
            {
                return writer.IsComplete ? JobsResult.Success : JobsResult.BadParameter;
            }

            return r == JsonResult.BufferTooSmall ? JobsResult.BufferTooSmall : JobsResult.BadParameter;
        }
    }
}
