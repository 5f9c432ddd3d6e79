using System;

namespace NfDevice.Desktop.Hosting
{
    /// <summary>
    /// The boots of one <see cref="DesktopDevice"/> as an engine of an <see cref="EngineScheduler"/>: the same sequence
    /// as the device's own thread (boot, run the agent until it stops, reboot if a job asked for one), cut into steps.
    /// The first step of a boot does the boot itself; each further step is one <see cref="ISteppedAgent.RunOnce"/>.
    /// </summary>
    internal sealed class ScheduledDeviceRun : ISchedulable
    {
        private readonly DesktopDevice _device;
        private DesktopDevice.Boot _boot;
        private ISteppedAgent _agent;

        public ScheduledDeviceRun(DesktopDevice device) => _device = device;

        /// <summary>This run's place in the scheduler; set before the first step.</summary>
        public ScheduledEngine Entry { get; set; }

        public int IdleMilliseconds => _agent?.MillisecondsToNextTimer() ?? -1;

        public StepResult Step()
        {
            try
            {
                if (_boot == null) return BootStep();
                if (_agent.StopRequested) return EndStep();
                return _agent.RunOnce() ? StepResult.Busy : StepResult.Idle;
            }
            catch (Exception e)
            {
                _device.Crashed(e);
                DesktopDevice.Boot boot = _boot;
                _boot = null;
                _agent = null;
                // As the thread's Run would on its way out: the boot's resources go, the session stays for Stop/Kill.
                (boot?.Agent as IDisposable)?.Dispose();
                if (boot != null) _device.EndBoot(boot);
                return StepResult.Finished;
            }
        }

        private StepResult BootStep()
        {
            if (_device.Stopping) return StepResult.Finished;
            _device.BeginBoot();
            _boot = new DesktopDevice.Boot();
            if (!_device.BootAgent(_boot))
            {
                _device.EndBoot(_boot);
                _boot = null;
                return StepResult.Finished;
            }
            _agent = _boot.Agent as ISteppedAgent
                ?? throw new InvalidOperationException("the agent of " + _device.ThingName + " (" + _boot.Agent.GetType().Name + ") cannot be stepped by a scheduler: it is not an ISteppedAgent");
            ScheduledEngine entry = Entry;
            _agent.Wake = entry.Wake;
            // Events may have been queued between the session's start and the line above.
            return StepResult.Busy;
        }

        private StepResult EndStep()
        {
            DesktopDevice.Boot boot = _boot;
            _boot = null;
            ISteppedAgent agent = _agent;
            _agent = null;
            try
            {
                agent.EndRun();
            }
            finally
            {
                _device.EndBoot(boot);
            }
            return _device.RebootPending && !_device.Stopping ? StepResult.Busy : StepResult.Finished;
        }
    }
}
