using System.Threading;
using NfDevice.Jobs.Platform;
using NfDevice.Jobs.Protocol;

namespace NfDevice.Jobs.Engine
{
    public sealed partial class JobAgent
    {
        private readonly ExecutionRecord _record = new ExecutionRecord();

        private string _jobId;
        private long _executionNumber;
        private long _version;
        private IJobHandler _handler;
        private bool _handlerStarted;
        private JobExecutionStatus _terminal;
        private string _reason;
        private ExecutionPhase _phase;
        private ExecutionPhase _persistedPhase;
        private int _boots;
        private byte[] _checkpoint;
        private bool _resumedAfterReboot;
        private long _lastProgressAt;

        /// <summary>Reads the execution record left by an earlier run and counts this boot against it (STYLE.md point 5).</summary>
        private void LoadRecord()
        {
            byte[] data = _store.Read(_options.RecordName);
            if (data != null)
            {
                if (_record.Decode(data))
                {
                    BeginExecution(_record.JobId, _record.ExecutionNumber);
                    _version = _record.VersionNumber;
                    _phase = _record.Phase;
                    _persistedPhase = _record.Phase;
                    _boots = _record.Boots + 1;
                    _terminal = _record.TerminalStatus;
                    _reason = _record.Reason;
                    _checkpoint = _record.Checkpoint;
                    _resumedAfterReboot = _record.Phase == ExecutionPhase.Rebooting;
                    _log.Write(LogLevel.Info, "jobs: resuming job " + _jobId + " (" + AgentNames.Phase(_phase) + ", boot " + _boots.ToString() + ")");
                    if (_phase != ExecutionPhase.Finishing && _boots >= _options.MaxBootsInPhase)
                    {
                        _log.Write(LogLevel.Error, "jobs: " + _jobId + " rebooted " + _boots.ToString() + " times in the same phase");
                        Decide(JobExecutionStatus.Failed, EngineReasons.Name(EngineReason.RebootLoop));
                    }
                    else
                    {
                        Persist();
                    }
                }
                else
                {
                    _log.Write(LogLevel.Warning, "jobs: unreadable execution record dropped");
                    DeleteRecord();
                }
            }

            // A host that connected before the engine ran may or may not have told us yet; act once.
            if (_mqtt.IsConnected && Interlocked.CompareExchange(ref _queuedConnects, 0, 0) == 0)
            {
                Post(AgentEvent.Connected);
            }
        }

        /// <summary>Writes the record for the current phase; the boot count survives only while the phase stays the same.</summary>
        private bool Persist()
        {
            int boots = _phase == _persistedPhase ? _boots : 0;
            _record.Clear();
            _record.JobId = _jobId;
            _record.ExecutionNumber = _executionNumber;
            _record.VersionNumber = _version;
            _record.Phase = _phase;
            _record.TerminalStatus = _terminal;
            _record.Reason = _reason;
            _record.Boots = boots;
            _record.Checkpoint = _checkpoint;
            byte[] data = _record.Encode();
            if (!_store.Write(_options.RecordName, data, data.Length))
            {
                _log.Write(LogLevel.Error, "jobs: state store write failed for " + _jobId);
                return false;
            }

            _persistedPhase = _phase;
            _boots = boots;
            return true;
        }

        private void DeleteRecord()
        {
            if (!_store.Delete(_options.RecordName))
            {
                _log.Write(LogLevel.Warning, "jobs: state store delete failed");
            }
        }

        /// <summary>Decides the terminal status and persists it, so a reboot before the report still reports it.</summary>
        private void Decide(JobExecutionStatus status, string reason)
        {
            _terminal = status;
            _reason = reason;
            _phase = ExecutionPhase.Finishing;
            Persist();
        }

        /// <summary>
        /// The handler made durable progress in this boot (a download checkpoint moved): the boots counted so far
        /// were restarts that moved the work on, not a loop. Costs one write per boot, at the first progress.
        /// </summary>
        internal void NoteProgress()
        {
            if (_jobId != null && _boots > 0 && _phase == _persistedPhase)
            {
                _boots = 0;
                Persist();
            }
        }

        /// <summary>A clean stop (SIGINT, the host's Stop) is not a crash: the boot it counted is taken back.</summary>
        private void NoteCleanStop()
        {
            if (_jobId != null && _boots > 0 && _phase == _persistedPhase && _phase != ExecutionPhase.Finishing)
            {
                _boots--;
                Persist();
            }
        }

        internal bool SaveCheckpoint(byte[] data)
        {
            _checkpoint = data;
            _context.Checkpoint = data;
            return _jobId != null && Persist();
        }

        private void BeginExecution(string jobId, long executionNumber)
        {
            EndExecution();
            _jobId = jobId;
            _executionNumber = executionNumber;
            _context.JobId = jobId;
            _context.ExecutionNumber = executionNumber;
            BuildJobTopics();
        }

        private void EndExecution()
        {
            _jobId = null;
            _executionNumber = 0;
            _version = 0;
            _handler = null;
            _handlerStarted = false;
            _terminal = JobExecutionStatus.Unknown;
            _reason = null;
            _phase = ExecutionPhase.None;
            _persistedPhase = ExecutionPhase.None;
            _boots = 0;
            _checkpoint = null;
            _resumedAfterReboot = false;
            _context.Reset();
            _topicDescribeJob = null;
            _topicUpdateJob = null;
        }
    }
}
