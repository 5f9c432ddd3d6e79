using System;
using System.Threading;
using NfDevice.Desktop.Application;
using NfDevice.Desktop.Platform;
using NfDevice.Desktop.Update;
using NfDevice.Jobs.Platform;

namespace NfDevice.Desktop.Hosting
{
    /// <summary>Options of a <see cref="DesktopDevice"/>.</summary>
    public sealed class DesktopDeviceOptions
    {
        /// <summary>Creates the agent at each boot (default: the core's JobAgent with the built-in handlers).</summary>
        public AgentFactory AgentFactory { get; set; }
        /// <summary>Extra log sink per device (console, file); null keeps the log in memory only.</summary>
        public Func<DeviceSettings, ILog> LogFactory { get; set; }
        /// <summary>Adjusts the MQTT options (timeouts, backoff) before each boot.</summary>
        public Action<MqttConnectionOptions> ConfigureMqtt { get; set; }
        /// <summary>Log lines kept in memory per device.</summary>
        public int RecentLogLines { get; set; } = 200;
        /// <summary>
        /// Runs the device's engine as a step-driven engine of this scheduler, shared by many devices, instead of on a
        /// thread of its own (null). The agent must be an <see cref="ISteppedAgent"/> (the default agent is).
        /// </summary>
        public EngineScheduler Scheduler { get; set; }
        /// <summary>Stack size of the engine thread (many simulated devices: keep it small).</summary>
        public int ThreadStackSize { get; set; } = 512 * 1024;
        /// <summary>Load the application bundle at every boot and take <c>application</c> update jobs (default true).</summary>
        public bool Applications { get; set; } = true;
        /// <summary>Adjusts each boot's application loader before it loads (for example a shorter self-test bound in tests).</summary>
        public Action<NfDevice.Jobs.Application.ApplicationLoader> ConfigureApplication { get; set; }
        /// <summary>Firmware updates: the default agent composes the firmware handler on every boot unless disabled here.</summary>
        public FirmwareOptions Firmware { get; set; } = new FirmwareOptions();
    }

    /// <summary>
    /// One device on .NET, in process: the agent on its own thread with MQTTnet, file state and a real clock.
    /// <see cref="Start"/> boots it; a reboot asked by a job stops the agent and boots a fresh one (state is read
    /// back from the state directory, as after a real reboot); <see cref="Kill"/> drops everything without
    /// cleanup to simulate a killed process; <see cref="Restart"/> boots it again. Every boot first runs the
    /// slot's bootloader step (<see cref="FileSlot.Boot"/>: test swap or revert; a factory image into an empty
    /// slot) and the device reports the version of its primary image. Thread-safe.
    /// </summary>
    public sealed class DesktopDevice : IDisposable
    {
        private readonly object _gate = new object();
        private readonly DesktopDeviceOptions _options;
        private readonly DeviceCredentials _credentials;
        private readonly ILog _sink;
        private Thread _thread;
        private ScheduledEngine _scheduled;
        private volatile bool _stopping;
        private volatile bool _rebootPending;
        private IDeviceAgent _agent;
        private MqttNetConnection _connection;
        private int _boots;
        private string _fault;
        private volatile string _firmwareVersion;
        private volatile string _applicationVersion;

        /// <summary>Creates a device from loaded settings (credentials are read now; errors throw <see cref="SettingsException"/>).</summary>
        public DesktopDevice(DeviceSettings settings, DesktopDeviceOptions options = null)
        {
            Settings = settings ?? throw new ArgumentNullException(nameof(settings));
            _options = options ?? new DesktopDeviceOptions();
            _credentials = DeviceCredentials.Load(settings);
            _sink = _options.LogFactory?.Invoke(settings);
            Log = new RecentLog(_options.RecentLogLines, _sink);
            string slot = settings.ResolvedSlotDirectory;
            Slot = slot == null ? null : new FileSlot(slot);
        }

        /// <summary>Creates a device from a settings file (nfdevice.json).</summary>
        public static DesktopDevice FromSettingsFile(string path, DesktopDeviceOptions options = null) =>
            new DesktopDevice(DeviceSettings.Load(path), options);

        /// <summary>The settings.</summary>
        public DeviceSettings Settings { get; }

        /// <summary>The thing name.</summary>
        public string ThingName => Settings.ThingName;

        /// <summary>
        /// The file-backed update slot (<see cref="DeviceSettings.ResolvedSlotDirectory"/>); one instance for the
        /// device's life, booted again (state re-read from disk) at every boot. Null without a state directory.
        /// </summary>
        public FileSlot Slot { get; }

        /// <summary>Version of the application bundle this boot started, or null when none runs.</summary>
        public string ApplicationVersion => _applicationVersion;

        /// <summary>Version the current (or last) boot reports: the primary image's, or null before the first boot.</summary>
        public string FirmwareVersion => _firmwareVersion;

        /// <summary>The device's log (last lines in memory, forwarded to the configured sink).</summary>
        public RecentLog Log { get; }

        /// <summary>True between <see cref="Start"/> and <see cref="Stop"/>/<see cref="Kill"/>.</summary>
        public bool IsRunning
        {
            get { lock (_gate) return RunAliveLocked(); }
        }

        /// <summary>The agent of the current boot, or null (for tests that inspect it).</summary>
        public IDeviceAgent Agent
        {
            get { lock (_gate) return _agent; }
        }

        /// <summary>The MQTT session of the current boot, or null.</summary>
        public MqttNetConnection Connection
        {
            get { lock (_gate) return _connection; }
        }

        /// <summary>Raised (on the device thread) after each boot's agent is created.</summary>
        public event EventHandler Booted;

        /// <summary>Boots the device on its own thread. No effect if it is running.</summary>
        public void Start()
        {
            lock (_gate)
            {
                if (RunAliveLocked()) return;
                _stopping = false;
                _fault = null;
                if (_options.Scheduler != null)
                {
                    var run = new ScheduledDeviceRun(this);
                    _scheduled = run.Entry = _options.Scheduler.Add(run, start: false);
                    _thread = null;
                    _scheduled.Wake();
                    return;
                }
                _scheduled = null;
                _thread = new Thread(DeviceLoop, _options.ThreadStackSize) { IsBackground = true, Name = "nfdevice " + ThingName };
                _thread.Start();
            }
        }

        // The boots of this device run on their own thread or as an engine of the scheduler; either may be running.
        private bool RunAliveLocked() =>
            (_thread != null && _thread.IsAlive) || (_scheduled != null && !_scheduled.IsFinished);

        /// <summary>Stops the agent between steps and disconnects cleanly. Blocks until the device thread ends.</summary>
        public void Stop() => Shutdown(abrupt: false);

        /// <summary>
        /// Simulates a killed process: the connection is dropped first (no DISCONNECT, nothing more is published),
        /// then the engine thread is abandoned at its next step. State on disk stays as the last write left it.
        /// </summary>
        public void Kill() => Shutdown(abrupt: true);

        /// <summary>Stops (or kills, if <paramref name="abrupt"/>) and boots again.</summary>
        public void Restart(bool abrupt = false)
        {
            Shutdown(abrupt);
            Start();
        }

        /// <summary>Blocks until <paramref name="condition"/> holds for a snapshot or <paramref name="timeout"/> passes.</summary>
        public bool WaitUntil(Func<DeviceSnapshot, bool> condition, TimeSpan timeout)
        {
            var until = DateTime.UtcNow + timeout;
            while (true)
            {
                if (condition(Snapshot())) return true;
                if (DateTime.UtcNow >= until) return false;
                Thread.Sleep(25);
            }
        }

        /// <summary>What the device is doing now.</summary>
        public DeviceSnapshot Snapshot()
        {
            IDeviceAgent agent;
            MqttNetConnection connection;
            bool running;
            lock (_gate)
            {
                agent = _agent;
                connection = _connection;
                running = RunAliveLocked();
            }
            AgentStatus status = agent?.Status ?? new AgentStatus { State = running ? "Booting" : "Off" };
            return new DeviceSnapshot
            {
                ThingName = ThingName,
                Running = running,
                Connected = connection != null && connection.IsConnected,
                Boots = Volatile.Read(ref _boots),
                FirmwareVersion = _firmwareVersion,
                ApplicationVersion = _applicationVersion,
                Agent = status,
                LastProblem = _fault ?? connection?.LastError ?? Log.LastProblem,
                Fault = _fault,
            };
        }

        /// <inheritdoc />
        public void Dispose()
        {
            Stop();
            Slot?.Dispose();
            _credentials.Dispose();
            (_sink as IDisposable)?.Dispose();
        }

        private void Shutdown(bool abrupt)
        {
            Thread thread;
            ScheduledEngine scheduled;
            IDeviceAgent agent;
            MqttNetConnection connection;
            lock (_gate)
            {
                thread = _thread;
                scheduled = _scheduled;
                _stopping = true;
                agent = _agent;
                connection = _connection;
            }
            // Killed: the session goes first so that nothing more reaches the broker from this boot.
            if (abrupt) connection?.Abort();
            // A kill writes nothing more (a clean stop takes back the boot it counted; a kill must not).
            if (abrupt && agent is JobAgentHost host) host.Agent.Halt();
            else agent?.Stop();
            if (thread != null && thread != Thread.CurrentThread && !thread.Join(TimeSpan.FromSeconds(15)))
            {
                Log.Write(LogLevel.Error, "host: the agent did not stop within 15 s");
            }
            if (scheduled != null && !scheduled.WaitFinished(TimeSpan.FromSeconds(15)))
            {
                Log.Write(LogLevel.Error, "host: the agent did not stop within 15 s");
            }
            lock (_gate)
            {
                connection = _connection;
                _connection = null;
                _agent = null;
            }
            if (!abrupt) connection?.Stop();
        }

        // Thread mode: one thread runs every boot of this device in turn, the agent's blocking Run in between.
        private void DeviceLoop()
        {
            do
            {
                _rebootPending = false;
                Boot boot = new Boot();
                try
                {
                    if (!BootAgent(boot)) return;
                    boot.Agent.Run();
                }
                catch (Exception e)
                {
                    Crashed(e);
                    return;
                }
                finally
                {
                    EndBoot(boot);
                }
            }
            while (_rebootPending && !_stopping);
        }

        /// <summary>What one boot made: the agent, its MQTT session and its application (each null until made).</summary>
        internal sealed class Boot
        {
            public IDeviceAgent Agent;
            public MqttNetConnection Connection;
            public DesktopApplication Application;
        }

        internal bool Stopping => _stopping;

        internal bool RebootPending => _rebootPending;

        internal void BeginBoot() => _rebootPending = false;

        /// <summary>
        /// The boot sequence up to a running agent: bootloader step of the slot, application, agent, MQTT session
        /// started. False when a stop arrived meanwhile (nothing is left running). Throws what the platform throws.
        /// </summary>
        internal bool BootAgent(Boot boot)
        {
            var power = new DesktopPower();
            power.RebootRequested += OnRebootRequested;
            var random = new SystemRandom();
            var mqtt = new MqttConnectionOptions
            {
                Host = Settings.Endpoint,
                Port = Settings.Port,
                ClientId = Settings.ThingName,
                ClientCertificate = _credentials.ClientCertificate,
                RootCa = _credentials.RootCa,
                // A scheduler worker must not wait for a PUBACK or SUBACK: the engine's reply timeouts cover a lost request.
                WaitForAcknowledgements = _options.Scheduler == null,
            };
            _options.ConfigureMqtt?.Invoke(mqtt);
            MqttNetConnection connection = boot.Connection = new MqttNetConnection(mqtt, Log, random);
            string version = Settings.FirmwareVersion;
            if (Slot != null)
            {
                version = DesktopFirmware.BootSlot(Slot, Settings, (_options.Firmware ?? new FirmwareOptions()).FactoryImageSize, Log);
            }

            _firmwareVersion = version;
            var stateStore = new FileStateStore(Settings.StateDirectory, Log);
            boot.Application = BootApplication(stateStore);
            var platform = new AgentPlatform
            {
                Settings = Settings,
                Connection = connection,
                Clock = new SystemClock(),
                StateStore = stateStore,
                Application = boot.Application,
                Log = Log,
                Random = random,
                Power = power,
                DeviceInfo = new DesktopDeviceInfo(version),
                Slot = Slot,
                Firmware = _options.Firmware,
            };
            AgentFactory factory = _options.AgentFactory ?? DefaultAgent.Create;
            IDeviceAgent agent = factory(platform);
            lock (_gate)
            {
                if (_stopping)
                {
                    connection.Abort();
                    (agent as IDisposable)?.Dispose();
                    return false;
                }
                boot.Agent = agent;
                _agent = agent;
                _connection = connection;
            }
            Interlocked.Increment(ref _boots);
            Log.Write(LogLevel.Info, "host: boot " + Volatile.Read(ref _boots) + " of " + ThingName + " (firmware " + platform.DeviceInfo.FirmwareVersion + ")");
            Booted?.Invoke(this, EventArgs.Empty);
            connection.Start();
            return true;
        }

        /// <summary>The agent must never crash the host; a crash is a device fault shown in the summary.</summary>
        internal void Crashed(Exception e)
        {
            _fault = e.GetType().Name + ": " + e.Message;
            Log.Write(LogLevel.Error, "host: agent crashed: " + e);
        }

        /// <summary>After a boot's agent stopped, crashed or never started: its application ends; a reboot drops the session.</summary>
        internal void EndBoot(Boot boot)
        {
            // A reboot, a stop or a kill ends the application of this boot: its load context goes with it.
            boot.Application?.Dispose();
            _applicationVersion = null;
            if (_rebootPending && !_stopping)
            {
                // A reboot drops the session like a power cycle would.
                boot.Connection?.Abort();
                lock (_gate)
                {
                    _agent = null;
                    _connection = null;
                }
            }
        }

        // The application loader runs before the agent connects, as on the ESP32 (before TLS fragments the heap).
        private DesktopApplication BootApplication(FileStateStore stateStore)
        {
            if (!_options.Applications || Settings.StateDirectory == null)
            {
                return null;
            }

            var (slots, data) = DesktopApplication.Folders(Settings.StateDirectory);
            var application = new DesktopApplication(ThingName, slots, data, stateStore, Log, Settings.ApplicationSlotBudget, Settings.ApplicationRamBudget,
                (_options.Firmware ?? new FirmwareOptions()).CheckpointInterval);
            _options.ConfigureApplication?.Invoke(application.Loader);
            application.Boot();
            _applicationVersion = application.Loader.RunningVersion;
            return application;
        }

        private void OnRebootRequested(object sender, EventArgs e)
        {
            _rebootPending = true;
            Log.Write(LogLevel.Info, "host: reboot requested");
            lock (_gate) _agent?.Stop();
        }
    }

    /// <summary>A device's state at one moment.</summary>
    public sealed class DeviceSnapshot
    {
        /// <summary>Thing name.</summary>
        public string ThingName { get; init; }
        /// <summary>The device thread is alive.</summary>
        public bool Running { get; init; }
        /// <summary>The MQTT session is up.</summary>
        public bool Connected { get; init; }
        /// <summary>Boots so far (1 after the first start; +1 per reboot or restart).</summary>
        public int Boots { get; init; }
        /// <summary>Version of the running image (primary slot) as of the last boot, or null before it.</summary>
        public string FirmwareVersion { get; init; }
        /// <summary>Version of the application bundle running, or null when none runs.</summary>
        public string ApplicationVersion { get; init; }
        /// <summary>The agent's own status.</summary>
        public AgentStatus Agent { get; init; }
        /// <summary>Latest warning, connection error or fault, or null.</summary>
        public string LastProblem { get; init; }
        /// <summary>Set when the agent crashed (an exception escaped it).</summary>
        public string Fault { get; init; }
    }
}
