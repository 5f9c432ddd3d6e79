using System;
using NfDevice.Desktop.Platform;
using NfDevice.Desktop.Update;
using NfDevice.Jobs.Platform;

namespace NfDevice.Desktop.Hosting
{
    /// <summary>The agent as the desktop host drives it: one blocking run loop per boot.</summary>
    public interface IDeviceAgent
    {
        /// <summary>Runs the engine on the calling thread until <see cref="Stop"/> is called.</summary>
        void Run();

        /// <summary>Makes <see cref="Run"/> return soon; callable from any thread.</summary>
        void Stop();

        /// <summary>A consistent snapshot of what the agent is doing; callable from any thread.</summary>
        AgentStatus Status { get; }
    }

    /// <summary>
    /// An agent that can also be driven step by step, so that an <see cref="EngineScheduler"/> runs many of them on a
    /// few threads (<see cref="DesktopDeviceOptions.Scheduler"/>). The core's engine is one (<see cref="JobAgentHost"/>).
    /// </summary>
    public interface ISteppedAgent : IDeviceAgent
    {
        /// <summary>Due timers and at most one queued event; true if anything was done. Never two calls at once.</summary>
        bool RunOnce();

        /// <summary>Milliseconds until the next timer is due (0 if one is due).</summary>
        int MillisecondsToNextTimer();

        /// <summary>True once <see cref="IDeviceAgent.Stop"/> (or a halt) was asked: call <see cref="EndRun"/> instead of stepping.</summary>
        bool StopRequested { get; }

        /// <summary>Ends the run as <see cref="IDeviceAgent.Run"/> would when it returns, and releases the boot's resources.</summary>
        void EndRun();

        /// <summary>Called (from any thread) when an event was queued or a stop asked; set before the first step.</summary>
        Action Wake { set; }
    }

    /// <summary>What an agent reports about itself for displays, summaries and tests.</summary>
    public sealed class AgentStatus
    {
        /// <summary>Engine state name (for example "Idle", "Running").</summary>
        public string State { get; init; } = "Starting";
        /// <summary>Job being worked on, or null.</summary>
        public string CurrentJobId { get; init; }
        /// <summary>Last job that reached a final status on this device, or null.</summary>
        public string LastJobId { get; init; }
        /// <summary>Final status of <see cref="LastJobId"/> (SUCCEEDED, FAILED, REJECTED, CANCELED...).</summary>
        public string LastStatus { get; init; }
        /// <summary>Reason code reported with <see cref="LastStatus"/>, or null.</summary>
        public string LastReason { get; init; }
        /// <summary>Firmware download in progress as "percent (done/total bytes)", or null.</summary>
        public string Download { get; init; }
        /// <summary>Bytes of the image downloaded so far (0 when no download runs).</summary>
        public long DownloadDone { get; init; }
        /// <summary>Size of the image being downloaded (0 when no download runs).</summary>
        public long DownloadTotal { get; init; }
        /// <summary>Executions this agent brought to a final status.</summary>
        public int JobsFinished { get; init; }
        /// <summary>True when nothing is running or pending.</summary>
        public bool Idle { get; init; }
    }

    /// <summary>The platform objects of one boot of a desktop device, handed to the agent factory.</summary>
    public sealed class AgentPlatform
    {
        /// <summary>The device settings.</summary>
        public DeviceSettings Settings { get; init; }
        /// <summary>The MQTT session; the factory must set its <see cref="MqttNetConnection.Events"/> to the agent.</summary>
        public MqttNetConnection Connection { get; init; }
        /// <summary>Clock.</summary>
        public IClock Clock { get; init; }
        /// <summary>State records (survive a restart of the device).</summary>
        public IStateStore StateStore { get; init; }
        /// <summary>Log.</summary>
        public ILog Log { get; init; }
        /// <summary>Randomness for jitter.</summary>
        public IRandom Random { get; init; }
        /// <summary>Power: a reboot request restarts the agent.</summary>
        public DesktopPower Power { get; init; }
        /// <summary>Firmware version (of the image in the primary slot, read after the boot step) and platform name.</summary>
        public DesktopDeviceInfo DeviceInfo { get; init; }
        /// <summary>The update slot, already booted (test swap or revert done); null when the host has none.</summary>
        public FileSlot Slot { get; init; }
        /// <summary>How the default agent composes the firmware handler; null or disabled: no firmware handler.</summary>
        public FirmwareOptions Firmware { get; init; }
        /// <summary>The application bundle of this boot (already loaded and started), or null when the host runs none.</summary>
        public NfDevice.Desktop.Application.DesktopApplication Application { get; init; }
    }

    /// <summary>Creates the agent for one boot; the default composes the core's JobAgent.</summary>
    public delegate IDeviceAgent AgentFactory(AgentPlatform platform);
}
