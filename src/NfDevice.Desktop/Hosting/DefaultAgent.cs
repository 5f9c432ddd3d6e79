using System;
using System.Threading;
using NfDevice.Desktop.Update;
using NfDevice.Jobs.Engine;

namespace NfDevice.Desktop.Hosting
{
    /// <summary>
    /// Composes the core's <see cref="JobAgent"/> with the desktop platform: built-in handlers (reboot, diagnostics)
    /// and, when the platform has a slot and <see cref="AgentPlatform.Firmware"/> is enabled, the firmware update handler.
    /// </summary>
    public static class DefaultAgent
    {
        /// <summary>The default <see cref="AgentFactory"/>: default <see cref="AgentOptions"/>, built-in handlers and firmware updates.</summary>
        public static IDeviceAgent Create(AgentPlatform platform) => new JobAgentHost(platform, null, null);

        /// <summary>
        /// A factory that lets the caller tune <see cref="AgentOptions"/> (timeouts, backoff) and register handlers
        /// on every boot's agent, after the firmware handler was composed.
        /// </summary>
        public static AgentFactory With(Action<AgentOptions> options = null, Action<JobAgent, AgentPlatform> configure = null) =>
            platform => new JobAgentHost(platform, options, configure);
    }

    /// <summary>Runs a <see cref="JobAgent"/> for the desktop host and derives the host's status from its transitions.</summary>
    public sealed class JobAgentHost : ISteppedAgent, IAgentObserver, IAgentWaker, IDisposable
    {
        private readonly object _gate = new object();
        private int _succeeded, _failed, _rejected, _abandoned;
        private string _seenJob, _lastJob, _lastStatus;
        private Action _wake;

        /// <summary>Creates the agent on <paramref name="platform"/> and wires the MQTT callbacks to it.</summary>
        public JobAgentHost(AgentPlatform platform, Action<AgentOptions> options, Action<JobAgent, AgentPlatform> configure)
        {
            var agentOptions = new AgentOptions { ThingName = platform.Settings.ThingName };
            // A PC has threads to spare: download in long slices without a pause (the engine still yields to every
            // MQTT event at once). The core's defaults are the ESP32's.
            agentOptions.StepSliceMs = DesktopStepSliceMs;
            agentOptions.StepIntervalMs = 0;
            options?.Invoke(agentOptions);
            Agent = new JobAgent(agentOptions, platform.Connection, platform.Clock, platform.StateStore, platform.Log, platform.Random, platform.Power, platform.DeviceInfo);
            Agent.Observer = this;
            if (platform.Slot != null && platform.Firmware != null && platform.Firmware.Enabled)
            {
                Firmware = DesktopFirmware.Compose(Agent, platform);
            }

            configure?.Invoke(Agent, platform);
            platform.Connection.Events = Agent;
        }

        /// <summary>The desktop agent's <see cref="AgentOptions.StepSliceMs"/>.</summary>
        public const int DesktopStepSliceMs = 50;

        /// <summary>The engine.</summary>
        public JobAgent Agent { get; }

        /// <summary>The firmware update composed for this boot, or null.</summary>
        public DesktopFirmwareUpdate Firmware { get; }

        /// <inheritdoc />
        public void Run()
        {
            try
            {
                Agent.Run();
            }
            finally
            {
                Dispose();
            }
        }

        /// <inheritdoc />
        public bool RunOnce() => Agent.RunOnce();

        /// <inheritdoc />
        public int MillisecondsToNextTimer() => Agent.MillisecondsToNextTimer();

        /// <inheritdoc />
        public bool StopRequested => Agent.StopRequested;

        /// <inheritdoc />
        public void EndRun()
        {
            try
            {
                Agent.EndRun();
            }
            finally
            {
                Dispose();
            }
        }

        /// <inheritdoc />
        public Action Wake
        {
            set
            {
                _wake = value;
                Agent.Waker = value == null ? null : this;
            }
        }

        void IAgentWaker.Wake() => _wake?.Invoke();

        /// <summary>Releases this boot's resources (the firmware HTTP client); called when <see cref="Run"/> returns.</summary>
        public void Dispose() => Firmware?.Dispose();

        /// <inheritdoc />
        public void Stop() => Agent.Stop();

        /// <inheritdoc />
        public AgentStatus Status
        {
            get
            {
                lock (_gate)
                {
                    string current = Agent.CurrentJobId;
                    bool downloading = current != null && Firmware != null && Firmware.Download.Total > 0 && Firmware.Download.BytesDone < Firmware.Download.Total;
                    return new AgentStatus
                    {
                        DownloadDone = downloading ? Firmware.Download.BytesDone : 0,
                        DownloadTotal = downloading ? Firmware.Download.Total : 0,
                        State = Agent.StateName,
                        CurrentJobId = current,
                        LastJobId = _lastJob,
                        LastStatus = _lastStatus,
                        Download = current == null ? null : DownloadText(),
                        JobsFinished = _succeeded + _failed + _rejected + _abandoned,
                        Idle = Agent.State == AgentState.Idle && current == null,
                    };
                }
            }
        }

        /// <inheritdoc />
        public void OnTransition(AgentState from, AgentEvent e, AgentState to, AgentAction action)
        {
            lock (_gate)
            {
                string current = Agent.CurrentJobId;
                if (current != null) _seenJob = current;
                // The engine counts accepted final statuses; a counter that moved names the status of the job last held.
                if (Moved(ref _succeeded, Agent.JobsSucceeded)) Finish("SUCCEEDED");
                if (Moved(ref _failed, Agent.JobsFailed)) Finish("FAILED");
                if (Moved(ref _rejected, Agent.JobsRejected)) Finish("REJECTED");
                if (Moved(ref _abandoned, Agent.JobsAbandoned)) Finish("ENDED_BY_CLOUD");
            }
        }

        // Read across threads for display only: the figures may be one chunk old.
        private string DownloadText()
        {
            if (Firmware == null) return null;
            long total = Firmware.Download.Total, done = Firmware.Download.BytesDone;
            if (total <= 0 || done >= total) return null;
            return (done * 100 / total) + "% (" + done + "/" + total + ")";
        }

        private void Finish(string status)
        {
            _lastJob = _seenJob;
            _lastStatus = status;
        }

        private static bool Moved(ref int seen, int now)
        {
            if (now == seen) return false;
            seen = now;
            return true;
        }
    }
}
