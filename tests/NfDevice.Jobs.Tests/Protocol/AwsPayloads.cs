namespace NfDevice.Jobs.Tests.Protocol
{
    /// <summary>
    /// Payloads quoted in ../shared/reference/aws-iot-jobs.md (doc examples and real AWS IoT Core captures), as
    /// string constants because nanoFramework tests cannot read files. Tags are the reference's source tags.
    /// </summary>
    public static class AwsPayloads
    {
        /// <summary>notify, [DOC] dg/jobs-comm-notifications (reference §2.6).</summary>
        public const string Notify =
            "{\"timestamp\": 1517017906,\n \"jobs\": {\n   \"IN_PROGRESS\": [ {\"jobId\":\"job1\",\"queuedAt\":1517016947,\"lastUpdatedAt\":1517017472,\"startedAt\":1517017472,\"executionNumber\":1,\"versionNumber\":2} ],\n   \"QUEUED\":      [ {\"jobId\":\"job2\",\"queuedAt\":1517017191,\"lastUpdatedAt\":1517017191,\"executionNumber\":1,\"versionNumber\":1} ] }}";

        /// <summary>notify when nothing is pending (reference §2.6).</summary>
        public const string NotifyEmpty = "{\"timestamp\":1517189551,\"jobs\":{}}";

        /// <summary>notify-next, [DOC] example (reference §2.6).</summary>
        public const string NotifyNextDoc =
            "{\"timestamp\": 1517186779,\n \"execution\": {\"jobId\":\"job3\",\"status\":\"IN_PROGRESS\",\"queuedAt\":1517017905,\"startedAt\":1517186779,\n               \"lastUpdatedAt\":1517186779,\"versionNumber\":2,\"executionNumber\":1,\"jobDocument\":{\"operation\":\"test\"}}}";

        /// <summary>notify-next, [OBS] cap/notify-next-2022 (real AWS capture).</summary>
        public const string NotifyNextCapture =
            "{\"timestamp\":1649756136,\"execution\":{\"jobId\":\"v315_test\",\"status\":\"QUEUED\",\"queuedAt\":1649756135,\"lastUpdatedAt\":1649756135,\"versionNumber\":1,\"executionNumber\":1,\"jobDocument\":{\"operation\":\"customJob\",\"otherInfo\":\"someValue\"}}}";

        /// <summary>notify-next when the queue is empty (reference §2.6).</summary>
        public const string NotifyNextEmpty = "{\"timestamp\": 1517189551}";

        /// <summary>GetPendingJobExecutions accepted, [DOC] dg/jobs-mqtt-api shape (reference §2.2).</summary>
        public const string GetPendingAccepted =
            "{\"inProgressJobs\":[{\"jobId\":\"job1\",\"queuedAt\":1489096101,\"startedAt\":1489096123,\"lastUpdatedAt\":1489096123,\"versionNumber\":2,\"executionNumber\":1}]," +
            "\"queuedJobs\":[{\"jobId\":\"job2\",\"queuedAt\":1489096200,\"lastUpdatedAt\":1489096200,\"versionNumber\":1,\"executionNumber\":1}," +
            "{\"jobId\":\"job3\",\"queuedAt\":1489096300,\"lastUpdatedAt\":1489096300,\"versionNumber\":1,\"executionNumber\":2}],\"timestamp\":1489096425,\"clientToken\":\"client-001\"}";

        /// <summary>GetPendingJobExecutions accepted with nothing pending ([OBS] py-v2 jobs.md: empty lists as []).</summary>
        public const string GetPendingAcceptedEmpty = "{\"inProgressJobs\":[],\"queuedJobs\":[],\"timestamp\":1717395845}";

        /// <summary>StartNextPendingJobExecution accepted after QUEUED -> IN_PROGRESS ([OBS] py-v2 jobs.md: version 2, startedAt == lastUpdatedAt).</summary>
        public const string StartNextAccepted =
            "{\"clientToken\":\"tok-1\",\"timestamp\":1717395850,\"execution\":{\"jobId\":\"job-1\",\"status\":\"IN_PROGRESS\",\"queuedAt\":1717395800," +
            "\"startedAt\":1717395850,\"lastUpdatedAt\":1717395850,\"versionNumber\":2,\"executionNumber\":1,\"jobDocument\":{\"operation\":\"reboot\"}}}";

        /// <summary>StartNext accepted with nothing pending: no execution (reference §2.4).</summary>
        public const string StartNextAcceptedEmpty = "{\"timestamp\":1717395850,\"clientToken\":\"tok-2\"}";

        /// <summary>
        /// Describe $next with nothing pending, [OBS] cap/embeddedC#1808: a 24-byte payload on
        /// $aws/things/AvronMac-2/jobs/$next/get/accepted, i.e. {"timestamp":1655xxxxxx}.
        /// </summary>
        public const string DescribeNextEmpty = "{\"timestamp\":1655123456}";

        /// <summary>UpdateJobExecution accepted, minimal form, [OBS] cap/esp-ota-2024.</summary>
        public const string UpdateAcceptedMinimal = "{\"timestamp\":1717395854}";

        /// <summary>UpdateJobExecution accepted with includeJobExecutionState and includeJobDocument (reference §2.5).</summary>
        public const string UpdateAcceptedFull =
            "{\"executionState\":{\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"step\":\"download\"},\"versionNumber\":3},\"jobDocument\":{\"operation\":\"reboot\"},\"timestamp\":1717395860,\"clientToken\":\"u-7\"}";

        /// <summary>Rejected with executionState (reference §2.7, InvalidStateTransition SUCCEEDED -> IN_PROGRESS).</summary>
        public const string RejectedInvalidStateTransition =
            "{\"code\": \"InvalidStateTransition\", \"message\": \"Cannot update execution: status is SUCCEEDED\", \"clientToken\": \"u-8\", \"timestamp\": 1489096425," +
            " \"executionState\": {\"status\":\"SUCCEEDED\",\"statusDetails\":{\"reason\":\"done\"},\"versionNumber\":3}}";

        /// <summary>Rejected missing status, message text [OBS] cap/cppv2#95.</summary>
        public const string RejectedMissingStatus =
            "{\"clientToken\":\"u-9\",\"timestamp\":1560797016,\"code\":\"InvalidRequest\",\"message\":\"Value null at 'status' failed to satisfy constraint: Member must not be null\"}";

        /// <summary>Describe accepted of an AFR OTA job, [OBS] rustot test capture (reference §6; file signature shortened).</summary>
        public const string RustotDescribeAccepted =
            "{\"clientToken\":\"0:rustot-test\",\"timestamp\":1624445100,\"execution\":{\"jobId\":\"AFR_OTA-rustot_test_1\",\"status\":\"QUEUED\",\"queuedAt\":1624440618,\"lastUpdatedAt\":1624440618,\"versionNumber\":1,\"executionNumber\":1," +
            "\"jobDocument\":{\"afr_ota\":{\"protocols\":[\"MQTT\"],\"streamname\":\"AFR_OTA-0ba01295-9417-4ba7-9a99-4b31fb03d252\",\"files\":[{\"filepath\":\"IMG_test.jpg\",\"filesize\":2674792,\"fileid\":0,\"certfile\":\"nope\",\"fileType\":0,\"sig-sha256-ecdsa\":\"MEQCIGAfoo==\"}]}}}}";

        /// <summary>Describe accepted of an AFR OTA HTTP job, [OBS] cap/esp-ota-2024 shape (request {} so no clientToken; URL shortened).</summary>
        public const string EspDescribeAccepted =
            "{\"timestamp\":1717395845,\"execution\":{\"jobId\":\"AFR_OTA-esp32_ota_1\",\"status\":\"QUEUED\",\"queuedAt\":1717395800,\"lastUpdatedAt\":1717395800,\"versionNumber\":1,\"executionNumber\":1," +
            "\"jobDocument\":{\"afr_ota\":{\"protocols\":[\"HTTP\"],\"files\":[{\"filepath\":\"/\",\"filesize\":1230320,\"fileid\":0,\"certfile\":\"/\",\"fileType\":0," +
            "\"update_data_url\":\"https://bucket.s3.amazonaws.com/fw.bin?X-Amz-Security-Token=abc&X-Amz-Expires=1800\",\"auth_scheme\":\"aws.s3.presigned\",\"sig-sha256-ecdsa\":\"MEQCIFllNGQ==\"}]}}}}";
    }
}
