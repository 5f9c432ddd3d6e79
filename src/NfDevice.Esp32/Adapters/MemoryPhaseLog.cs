using NfDevice.Jobs.Engine;
using NfDevice.Jobs.Platform;

namespace NfDevice.Esp32.Adapters
{
    /// <summary>
    /// Logs the free managed heap at every change of the agent's state (discovering, starting,
    /// running a job, reporting...), so a memory problem on a board without PSRAM shows the phase
    /// it happened in. Transitions that keep the state (handler steps) are not logged.
    /// </summary>
    public sealed class MemoryPhaseLog : IAgentObserver
    {
        private readonly ILog _log;
        private readonly IPower _power;

        /// <summary>Writes to <paramref name="log"/> at Info with the free memory from <paramref name="power"/>.</summary>
        public MemoryPhaseLog(ILog log, IPower power)
        {
            _log = log;
            _power = power;
        }

        /// <inheritdoc />
        public void OnTransition(AgentState from, AgentEvent e, AgentState to, AgentAction action)
        {
            if (from == to)
            {
                return;
            }

            _log.Write(LogLevel.Info, "phase " + AgentNames.State(from) + " -> " + AgentNames.State(to) + " on "
                + AgentNames.Event(e) + ": " + _power.FreeMemory.ToString() + " bytes free");
        }
    }
}
