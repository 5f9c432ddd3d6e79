using System.Threading;
using NfDevice.Jobs.Json;
using NfDevice.Jobs.Platform;
using NfDevice.Jobs.Protocol;

namespace NfDevice.Jobs.Engine
{
    public sealed partial class JobAgent
    {
        private void Execute(AgentAction action)
        {
            switch (action)
            {
                case AgentAction.LoadRecord: LoadRecord(); break;
                case AgentAction.Subscribe: Subscribe(); break;
                case AgentAction.SendDescribeNext: NewRequest(RequestKind.DescribeNext); break;
                case AgentAction.SendDescribeCurrent: NewRequest(RequestKind.DescribeCurrent); break;
                case AgentAction.TakeJob: TakeJob(); break;
                case AgentAction.BeginJob: BeginJob(); break;
                case AgentAction.StartHandler: StartHandler(); break;
                case AgentAction.ResumeCheck: ResumeCheck(); break;
                case AgentAction.ContinueRunning: _stepAt = _clock.MonotonicMilliseconds; break;
                case AgentAction.Step: Step(); break;
                case AgentAction.SendProgress: SendProgress(); break;
                case AgentAction.SendTerminal: SendTerminal(); break;
                case AgentAction.FailRejected: Decide(JobExecutionStatus.Failed, EngineReasons.Name(EngineReason.RequestRejected)); SendTerminal(); break;
                case AgentAction.CloseJob: CloseJob(); break;
                case AgentAction.AbandonJob: AbandonJob(); break;
                case AgentAction.RefreshDocument: RefreshDocument(); break;
                case AgentAction.ScheduleRetry: ScheduleRetry(); break;
                case AgentAction.Resend: SendRequest(_inflight); break;
                case AgentAction.RefreshVersion: RefreshVersion(); break;
                case AgentAction.ResendUpdate: ResendUpdate(); break;
                case AgentAction.GoOffline: ClearRequest(); break;
                case AgentAction.ScheduleRediscover: ClearRequest(); _retryAt = _clock.MonotonicMilliseconds + _options.RediscoverDelayMs; break;
                case AgentAction.PrepareReboot: PrepareReboot(); break;
                case AgentAction.SendDescribeDocument: NewRequest(RequestKind.DescribeDocument); break;
                case AgentAction.SendGetPending: NewRequest(RequestKind.GetPending); break;
                case AgentAction.FailUndeliverable: FailUndeliverable(); break;
                case AgentAction.TakeFreshDocument: RefreshDocument(); _stepAt = _clock.MonotonicMilliseconds; break;
                case AgentAction.RejectUnreadable: RejectUnreadable(); break;
                default: break;
            }
        }

        private void ClearRequest()
        {
            _inflight = RequestKind.None;
            _token = null;
            _attempts = 1;
            _replyDeadline = -1;
            _retryAt = -1;
            _stepAt = -1;
        }

        private void Subscribe()
        {
            for (int i = 0; i < _subscriptions.Length; i++)
            {
                if (!_mqtt.Subscribe(_subscriptions[i]))
                {
                    _log.Write(LogLevel.Warning, "jobs: subscribe failed: " + _subscriptions[i]);
                    Post(AgentEvent.SubscribeFailed);
                    return;
                }
            }

            Post(_jobId != null ? AgentEvent.ReadyWithJob : AgentEvent.Ready);
        }

        private void ScheduleRetry()
        {
            _replyDeadline = -1;
            if (_attempts >= _options.MaxAttempts)
            {
                _log.Write(LogLevel.Error, "jobs: giving up after " + _attempts.ToString() + " attempts in " + AgentNames.State(_state));
                Post(AgentEvent.GiveUp);
                return;
            }

            int delay = Backoff.Delay(_attempts, _options.BackoffBaseMs, _options.BackoffCapMs, _random);
            _attempts++;
            LastRetryDelayMs = delay;
            _retryAt = _clock.MonotonicMilliseconds + delay;
        }

        /// <summary>Takes the execution of the describe answer and checks that a handler can run its document.</summary>
        private void TakeJob()
        {
            JobExecutionView x = _reply.Execution;
            if (!(_jobId != null && x.JobIdEquals(_jobId) && x.ExecutionNumber == _executionNumber))
            {
                BeginExecution(x.GetJobId(), x.ExecutionNumber);
            }

            _version = x.VersionNumber;
            if (!x.HasJobDocument)
            {
                Reject(EngineReasons.Name(EngineReason.MissingDocument));
                return;
            }

            _context.SetDocument(x.Buffer, x.JobDocumentOffset, x.JobDocumentLength);
            string operation;
            EngineReason found = _registry.FindOperation(x.Buffer, x.JobDocumentOffset, x.JobDocumentLength, out operation);
            IJobHandler handler = found == EngineReason.None ? _registry.Get(operation) : null;
            if (handler == null)
            {
                Reject(EngineReasons.Name(found == EngineReason.None ? EngineReason.UnknownOperation : found));
                return;
            }

            _context.Operation = operation;
            string why = SafeValidate(handler);
            if (why != null)
            {
                Reject(why.Length == 0 ? EngineReasons.Name(EngineReason.HandlerRejected) : why);
                return;
            }

            _handler = handler;
            _log.Write(LogLevel.Info, "jobs: job " + _jobId + " taken (operation " + operation + ", execution " + _executionNumber.ToString() + ")");
            Post(AgentEvent.DocumentValid);
        }

        /// <summary>
        /// The next execution's document cannot be delivered to this device: end it FAILED with the cloud's
        /// message in statusDetails, so it does not stay QUEUED and block the queue.
        /// </summary>
        private void FailUndeliverable()
        {
            JobExecutionSummaryView first = _reply.InProgressCount > 0 ? _reply.InProgressJobs[0] : _reply.QueuedJobs[0];
            BeginExecution(first.GetJobId(), first.ExecutionNumber);
            _version = first.VersionNumber;
            if (_undeliverable != null && _undeliverable.Length > 0)
            {
                _context.Details.SetSanitized("detail", _undeliverable);
            }

            _log.Write(LogLevel.Warning, "jobs: failing " + _jobId + ": its document cannot be delivered: " + _undeliverable);
            Decide(JobExecutionStatus.Failed, EngineReasons.Name(EngineReason.DocumentNotDelivered));
            SendTerminal();
        }

        /// <summary>
        /// The described execution's document cannot be held here: end it REJECTED with the reason and a detail, so
        /// the executions behind it run. A terminal status already decided (a describe after VersionMismatch) is sent as it is.
        /// </summary>
        private void RejectUnreadable()
        {
            if (!(_jobId != null && _identity.JobIdEquals(_jobId) && _identity.ExecutionNumber == _executionNumber))
            {
                BeginExecution(_identity.GetJobId(), _identity.ExecutionNumber);
            }

            if (_identity.VersionNumber > 0)
            {
                _version = _identity.VersionNumber;
            }

            if (_phase == ExecutionPhase.Finishing && _terminal != JobExecutionStatus.Unknown)
            {
                SendTerminal();
                return;
            }

            if (_handler != null && _handlerStarted)
            {
                try
                {
                    _handler.Cancel(_context);
                }
                catch (System.Exception ex)
                {
                    _log.Write(LogLevel.Error, "jobs: handler cancel threw: " + ex.Message);
                }
            }

            string detail = UnreadableDetail();
            _context.Details.Clear();
            _context.Details.SetSanitized("detail", detail);
            EngineReason reason = _identity.Problem == DocumentProblem.NotAnObject ? EngineReason.InvalidDocument : EngineReason.DocumentUnreadable;
            _log.Write(LogLevel.Warning, "jobs: rejecting " + _jobId + ": " + detail);
            Decide(JobExecutionStatus.Rejected, EngineReasons.Name(reason));
            SendTerminal();
        }

        private string UnreadableDetail()
        {
            switch (_identity.Problem)
            {
                case DocumentProblem.NotAnObject: return "jobDocument is not a JSON object";
                case DocumentProblem.TooDeep: return "job document nested deeper than " + JsonLimits.MaxDepth.ToString() + " levels";
                case DocumentProblem.TooLarge: return "job document of " + _identity.DocumentLength.ToString() + " bytes, more than " + JsonLimits.MaxDocumentBytes.ToString();
                default: return "job document is not valid JSON";
            }
        }

        private void Reject(string reason)
        {
            _log.Write(LogLevel.Warning, "jobs: rejecting " + _jobId + ": " + reason);

            // "word: detail" (a handler's Validate): the word is the reason code, the rest goes to "detail".
            int colon = reason.IndexOf(": ");
            if (colon > 0 && reason.IndexOf(' ') == colon + 1 && colon + 2 < reason.Length)
            {
                _context.Details.SetSanitized("detail", reason.Substring(colon + 2));
                reason = reason.Substring(0, colon);
            }

            Decide(JobExecutionStatus.Rejected, reason);
            Post(AgentEvent.DocumentInvalid);
        }

        private void BeginJob()
        {
            _phase = ExecutionPhase.Starting;
            if (!Persist())
            {
                Decide(JobExecutionStatus.Failed, EngineReasons.Name(EngineReason.StateStore));
                Post(AgentEvent.PersistFailed);
                return;
            }

            PrepareUpdate(JobExecutionStatus.InProgress, null);
            NewRequest(RequestKind.Update);
        }

        private void StartHandler()
        {
            _phase = ExecutionPhase.Running;
            Persist();
            _context.IsResumed = false;
            _context.ResumedAfterReboot = false;
            _lastProgressAt = _clock.MonotonicMilliseconds;
            StartHandlerSafely();
            _stepAt = _clock.MonotonicMilliseconds;
        }

        /// <summary>The held execution was described again (reconnect or restart): go on where it stands.</summary>
        private void ResumeCheck()
        {
            JobExecutionView x = _reply.Execution;
            if (x.HasJobDocument)
            {
                _context.SetDocument(x.Buffer, x.JobDocumentOffset, x.JobDocumentLength);
            }

            if (_phase == ExecutionPhase.Finishing && _terminal != JobExecutionStatus.Unknown)
            {
                Post(AgentEvent.NeedFinish);
                return;
            }

            if (x.Status == JobExecutionStatus.Queued)
            {
                Post(AgentEvent.NeedStart);
                return;
            }

            if (_handler != null && _handlerStarted)
            {
                Post(AgentEvent.NeedRun);
                return;
            }

            string operation;
            IJobHandler handler = null;
            if (x.HasJobDocument && _registry.FindOperation(x.Buffer, x.JobDocumentOffset, x.JobDocumentLength, out operation) == EngineReason.None)
            {
                handler = _registry.Get(operation);
                _context.Operation = operation;
            }

            if (handler == null)
            {
                Decide(JobExecutionStatus.Failed, EngineReasons.Name(EngineReason.HandlerMissing));
                Post(AgentEvent.NeedFinish);
                return;
            }

            _handler = handler;
            _context.IsResumed = true;
            _context.ResumedAfterReboot = _resumedAfterReboot;
            _context.Checkpoint = _checkpoint;
            _phase = ExecutionPhase.Running;
            Persist();
            _lastProgressAt = _clock.MonotonicMilliseconds;
            StartHandlerSafely();
            Post(AgentEvent.NeedRun);
        }

        /// <summary>
        /// A slice of handler steps: step again while the handler has more ready and nothing else wants the engine
        /// thread (a queued event, a due timer, a progress report or document request), up to StepSliceMs.
        /// </summary>
        private void Step()
        {
            long start = _clock.MonotonicMilliseconds;
            long now = start;
            StepResult r;
            int steps = 0;
            while (true)
            {
                r = StepOnce();
                steps++;
                now = _clock.MonotonicMilliseconds;
                if (r != StepResult.Running || _context.DocumentWanted || IsProgressDue(now) || steps >= MaxStepsPerSlice)
                {
                    break;
                }

                if (now - start >= _options.StepSliceMs || Interlocked.CompareExchange(ref _queued, 0, 0) > 0 || IsTimerDue(now))
                {
                    break;
                }
            }

            HandlerSteps += steps;
            HandlerSlices++;
            if (r == StepResult.Succeeded)
            {
                Decide(JobExecutionStatus.Succeeded, null);
                Post(AgentEvent.JobDone);
            }
            else if (r == StepResult.Failed)
            {
                string reason = _context.FailureReason;
                Decide(JobExecutionStatus.Failed, reason == null || reason.Length == 0 ? EngineReasons.Name(EngineReason.HandlerFailed) : reason);
                Post(AgentEvent.JobDone);
            }
            else if (r == StepResult.WaitingForReboot)
            {
                Post(AgentEvent.RebootRequested);
            }
            else if (_context.DocumentWanted)
            {
                _context.DocumentWanted = false;
                Post(AgentEvent.DocumentWanted);
            }
            else if (IsProgressDue(now))
            {
                Post(AgentEvent.ProgressDue);
            }
            else if (r == StepResult.Waiting)
            {
                _stepAt = now + (_options.StepIntervalMs > _options.IdleStepMs ? _options.StepIntervalMs : _options.IdleStepMs);
            }
            else
            {
                _stepAt = now + _options.StepIntervalMs;
            }
        }

        /// <summary>A bound on one slice's steps whatever the clock says (a fake clock that never moves must not hang the engine).</summary>
        private const int MaxStepsPerSlice = 4096;

        private StepResult StepOnce()
        {
            try
            {
                return _handler == null ? _context.Fail(EngineReasons.Name(EngineReason.HandlerFailed)) : _handler.Step(_context);
            }
            catch (System.Exception ex)
            {
                // A handler is plug-in code: its exception ends the execution, never the agent.
                _log.Write(LogLevel.Error, "jobs: handler threw: " + ex.Message);
                return _context.Fail(EngineReasons.Name(EngineReason.HandlerFailed));
            }
        }

        private bool IsProgressDue(long now)
        {
            return _context.ProgressPending && (_context.ProgressUrgent || now - _lastProgressAt >= _options.ProgressThrottleMs);
        }

        private bool IsTimerDue(long now)
        {
            return (_replyDeadline >= 0 && now >= _replyDeadline) || (_retryAt >= 0 && now >= _retryAt);
        }

        private void SendProgress()
        {
            _context.ProgressPending = false;
            _context.ProgressUrgent = false;
            _lastProgressAt = _clock.MonotonicMilliseconds;
            PrepareUpdate(JobExecutionStatus.InProgress, _context.Details);
            NewRequest(RequestKind.Update);
        }

        private void SendTerminal()
        {
            _terminalDetails.Clear();
            _terminalDetails.CopyFrom(_context.Details);
            if (_reason != null)
            {
                if (_terminalDetails.Set("reason", _reason) != JobsResult.Success)
                {
                    _terminalDetails.SetSanitized("reason", _reason);
                }
            }

            PrepareUpdate(_terminal, _terminalDetails);
            NewRequest(RequestKind.Update);
        }

        private void CloseJob()
        {
            if (_terminal == JobExecutionStatus.Succeeded)
            {
                JobsSucceeded++;
            }
            else if (_terminal == JobExecutionStatus.Rejected)
            {
                JobsRejected++;
            }
            else
            {
                JobsFailed++;
            }

            _log.Write(_terminal == JobExecutionStatus.Succeeded ? LogLevel.Info : LogLevel.Warning, EndedLine());
            DeleteRecord();
            EndExecution();
            NewRequest(RequestKind.DescribeNext);
        }

        /// <summary>The cloud ended the execution (CANCELED, REMOVED, TIMED_OUT, deleted): stop the work and report nothing.</summary>
        private void AbandonJob()
        {
            if (_terminal != JobExecutionStatus.Unknown && _goneStatus == _terminal)
            {
                // Our own terminal update had landed and only its answer was lost.
                CloseJob();
                return;
            }

            if (_handler != null && _handlerStarted && _terminal == JobExecutionStatus.Unknown)
            {
                try
                {
                    _handler.Cancel(_context);
                }
                catch (System.Exception ex)
                {
                    _log.Write(LogLevel.Error, "jobs: handler cancel threw: " + ex.Message);
                }
            }
            else if (!_handlerStarted && _terminal == JobExecutionStatus.Unknown)
            {
                // Gone before its handler ran in this boot: a partial download (slot, checkpoint) must not stay behind.
                try
                {
                    _registry.DiscardLeftovers(_jobId);
                }
                catch (System.Exception ex)
                {
                    _log.Write(LogLevel.Error, "jobs: discarding leftovers threw: " + ex.Message);
                }
            }

            JobsAbandoned++;
            _log.Write(LogLevel.Warning, "jobs: job " + _jobId + " ended on the cloud side: " + GoneText() + "; its work is stopped");
            _goneStatus = JobExecutionStatus.Unknown;
            DeleteRecord();
            EndExecution();
            NewRequest(RequestKind.DescribeNext);
        }

        /// <summary>"jobs: job X ended FAILED, reason: signature (detail)": what a person watching the log wants to know.</summary>
        private string EndedLine()
        {
            string line = "jobs: job " + _jobId + " ended " + JobsNames.StatusName(_terminal);
            if (_reason != null && _reason.Length > 0)
            {
                line = line + ", reason: " + _reason;
                string detail = _terminalDetails.Get("detail");
                if (detail != null && detail.Length > 0)
                {
                    line = line + " (" + detail + ")";
                }
            }

            return line;
        }

        /// <summary>The status the cloud ended the execution with, or what its answer said when it named none.</summary>
        private string GoneText()
        {
            string name = JobsNames.StatusName(_goneStatus);
            return name != null ? name : "it no longer exists (deleted, or replaced by a newer execution)";
        }

        private void RefreshDocument()
        {
            JobExecutionView x = _reply.Execution;
            if (x.HasJobDocument)
            {
                _context.SetDocument(x.Buffer, x.JobDocumentOffset, x.JobDocumentLength);
            }
        }

        /// <summary>VersionMismatch: describe once for the current versionNumber; a second mismatch gives up (no loop).</summary>
        private void RefreshVersion()
        {
            JobExecutionStateView s = _reply.ExecutionState;
            if (s.IsPresent && JobsNames.IsTerminal(s.Status))
            {
                _goneStatus = s.Status;
                Post(AgentEvent.Gone);
                return;
            }

            if (_versionRefreshed)
            {
                Post(AgentEvent.GiveUp);
                return;
            }

            _versionRefreshed = true;
            NewRequest(RequestKind.DescribeRefresh);
        }

        private void ResendUpdate()
        {
            _update.ExpectedVersion = _version;
            NewRequest(RequestKind.Update);
        }

        private void PrepareReboot()
        {
            _phase = ExecutionPhase.Rebooting;
            if (!Persist())
            {
                Decide(JobExecutionStatus.Failed, EngineReasons.Name(EngineReason.StateStore));
                Post(AgentEvent.PersistFailed);
                return;
            }

            _log.Write(LogLevel.Info, "jobs: rebooting for " + _jobId);
            _power.Reboot();
        }

        private string SafeValidate(IJobHandler handler)
        {
            try
            {
                return handler.Validate(_context);
            }
            catch (System.Exception ex)
            {
                _log.Write(LogLevel.Error, "jobs: handler validation threw: " + ex.Message);
                return EngineReasons.Name(EngineReason.HandlerRejected);
            }
        }

        private void StartHandlerSafely()
        {
            _handlerStarted = true;
            try
            {
                _handler.Start(_context);
            }
            catch (System.Exception ex)
            {
                // The first Step reports the failure through the normal path.
                _log.Write(LogLevel.Error, "jobs: handler start threw: " + ex.Message);
                _handler = null;
            }
        }
    }
}
