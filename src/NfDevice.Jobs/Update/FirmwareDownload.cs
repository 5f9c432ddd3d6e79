using NfDevice.Jobs.Crypto;
using NfDevice.Jobs.Platform;

namespace NfDevice.Jobs.Update
{
    /// <summary>Outcome of one <see cref="FirmwareDownload.Step"/>.</summary>
    public enum DownloadStep
    {
        /// <summary>Bytes moved (or a request was opened); call Step again.</summary>
        Working = 0,
        /// <summary>Every byte is in the slot and hashed; call <see cref="FirmwareDownload.VerifyAndComplete"/>.</summary>
        Downloaded = 1,
        /// <summary>Waiting for a retry time (backoff); call Step again later.</summary>
        Waiting = 2,
        /// <summary>The URL expired (403): get a fresh one (describe the execution), then <see cref="FirmwareDownload.RefreshUrl"/>.</summary>
        NeedUrl = 3,
        /// <summary>The download cannot succeed; see <see cref="FirmwareDownload.Reason"/> and <see cref="FirmwareDownload.Detail"/>.</summary>
        Failed = 4,
    }

    /// <summary>
    /// Streams an image from its presigned URL into the update slot: ranged GET, one reusable buffer,
    /// each chunk hashed and stored, a checkpoint (slot flushed, then offset + SHA-256 midstate) on block
    /// boundaries by bytes or time, every response checked against the range asked for, retries with capped backoff.
    /// Nothing here allocates per chunk; memory does not grow with the image.
    /// </summary>
    /// <remarks>
    /// Resume: the checkpoint keeps the hash at an erase-block boundary; the slot may hold more than
    /// that (bytes stored after the last checkpoint), but those bytes were never hashed by this run, so
    /// the slot is asked to continue exactly at the checkpoint (IFirmwareSlot.ResumeSession discards what
    /// lies above) and they are downloaded, hashed and written again. The bytes activated are therefore
    /// always the bytes hashed, whatever the slot; no slot-side image check is relied upon. For the same
    /// reason a server that answers a resumed range with the whole image (200) starts the slot's session
    /// again with the hash: the bytes below the checkpoint are written again, never kept unhashed.
    /// </remarks>
    public sealed class FirmwareDownload
    {
        private readonly IRangedHttpClient _http;
        private readonly IFirmwareSlot _slot;
        private readonly IStateStore _store;
        private readonly IClock _clock;
        private readonly IRandom _random;
        private readonly ILog _log;
        private readonly byte[] _buffer;
        private readonly int _block;
        private readonly ISha256 _sha;
        private readonly HttpRangeResponse _response = new HttpRangeResponse();
        private readonly DownloadCheckpoint _checkpoint = new DownloadCheckpoint();
        private readonly byte[] _record = new byte[DownloadCheckpoint.EncodedSize];
        private readonly byte[] _digest = new byte[Sha256.DigestSize];

        /// <summary>Longest base64 signature text accepted (RSA-4096 needs 684 characters).</summary>
        public const int MaxSignatureText = 1024;

        private FirmwareDocument _document;
        private string _url;
        private long _hashed;
        private bool _open;
        private int _failures;
        private long _retryAt;

        /// <summary>Consecutive failed attempts after which the download fails for good.</summary>
        public int MaxRetries = 8;

        /// <summary>First retry delay in milliseconds (doubles per failure, with jitter).</summary>
        public int RetryBaseMilliseconds = 1000;

        /// <summary>Longest retry delay in milliseconds.</summary>
        public int RetryCapMilliseconds = 60000;

        /// <summary>When to checkpoint and report progress if not on every block boundary and every tenth (null: those).</summary>
        public DownloadPacing Pacing;

        /// <summary>
        /// Creates the pipeline with one buffer of <paramref name="chunkSize"/> bytes, checkpointing on boundaries of
        /// <paramref name="checkpointInterval"/> bytes (a multiple of 64; the flash erase block, or a multiple of it),
        /// every one unless <see cref="Pacing"/> says otherwise,
        /// hashing with the core's <see cref="Sha256"/>.
        /// </summary>
        public FirmwareDownload(IRangedHttpClient http, IFirmwareSlot slot, IStateStore store, IClock clock, IRandom random, ILog log, int chunkSize, int checkpointInterval)
            : this(http, slot, store, clock, random, log, new byte[chunkSize < 256 ? 256 : chunkSize], checkpointInterval, null)
        {
        }

        /// <summary>
        /// Creates the pipeline over the caller's <paramref name="buffer"/> (at least 256 bytes; each read asks for at most
        /// its length). Nothing is kept in it between two <see cref="Step"/> calls, so the engine may encode its requests
        /// into the same array (<see cref="Engine.AgentOptions.RequestBuffer"/>). Every byte stored (and the image identity)
        /// is hashed with <paramref name="sha"/>: the platform's SHA-256 where it has one (null: the core's <see cref="Sha256"/>).
        /// The digest the signature is checked against is this hasher's, over exactly the bytes handed to the slot.
        /// </summary>
        public FirmwareDownload(IRangedHttpClient http, IFirmwareSlot slot, IStateStore store, IClock clock, IRandom random, ILog log, byte[] buffer, int checkpointInterval, ISha256 sha)
        {
            if (buffer == null || buffer.Length < 256)
            {
                throw new System.ArgumentException("buffer");
            }

            _sha = sha != null ? sha : new Sha256();
            _http = http;
            _slot = slot;
            _store = store;
            _clock = clock;
            _random = random;
            _log = log;
            _buffer = buffer;
            _block = checkpointInterval < Sha256.BlockSize ? Sha256.BlockSize : checkpointInterval - (checkpointInterval % Sha256.BlockSize);
        }

        /// <summary>The download's buffer, which a platform may also give the engine for its requests (see the constructor).</summary>
        public byte[] Buffer
        {
            get { return _buffer; }
        }

        /// <summary>Why the download failed (when a step returned Failed).</summary>
        public UpdateReason Reason { get; private set; }

        /// <summary>Human-readable detail of the failure for statusDetails and the log.</summary>
        public string Detail { get; private set; }

        /// <summary>The SHA-256 every byte goes through (the one given to the constructor, or the core's).</summary>
        public ISha256 Hasher
        {
            get { return _sha; }
        }

        /// <summary>Bytes hashed so far (the progress figure).</summary>
        public long BytesDone
        {
            get { return _hashed; }
        }

        /// <summary>Image size.</summary>
        public long Total
        {
            get { return _document == null ? 0 : _document.Size; }
        }

        /// <summary>Checkpoints saved by this instance (a restart that moved it on made progress).</summary>
        public int Checkpoints { get; private set; }

        /// <summary>True if <see cref="Begin"/> resumed an earlier download rather than starting from zero.</summary>
        public bool Resumed { get; private set; }

        /// <summary>
        /// Opens the slot for <paramref name="document"/>: resumes the session and hash of the same execution and
        /// image if a checkpoint says so, else starts a new session (erasing the slot). False with <see cref="Reason"/> on failure.
        /// </summary>
        public bool Begin(FirmwareDocument document, string jobId, long executionNumber)
        {
            _document = document;
            _url = document.Url;
            _open = false;
            _failures = 0;
            _retryAt = 0;
            Reason = UpdateReason.None;
            Detail = null;
            Resumed = false;

            byte[] imageId = new byte[32];
            DownloadCheckpoint.ComputeImageId(_sha, document.Signature, document.Size, imageId);
            byte[] saved = _store.Read(DownloadCheckpoint.RecordName);
            if (saved != null && _checkpoint.Decode(saved) && _checkpoint.Matches(jobId, executionNumber, imageId, document.Size))
            {
                byte[] header = _checkpoint.Offset >= DownloadCheckpoint.HeaderSize ? _checkpoint.Header : null;
                SlotResult resumed = _slot.ResumeSession(document.Target, (int)document.Size, header, (int)_checkpoint.Offset);
                if (resumed == SlotResult.Success && _slot.NextOffset == _checkpoint.Offset && _sha.RestoreMidstate(_checkpoint.Midstate, 0))
                {
                    _hashed = _checkpoint.Offset;
                    NoteCheckpointTime();
                    Resumed = true;
                    Log(LogLevel.Info, "firmware: resuming the download at " + _hashed.ToString() + " of " + document.Size.ToString() + " bytes from the checkpoint");
                    return true;
                }

                Log(LogLevel.Warning, "firmware: checkpoint found but the slot cannot resume there (" + SlotName(resumed) + "): starting from zero");
            }

            SlotResult started = _slot.StartSession(document.Target, (int)document.Size);
            if (started != SlotResult.Success)
            {
                Fail(UpdateReason.Slot, "start session: " + SlotName(started));
                return false;
            }

            Log(LogLevel.Info, "firmware: download started, " + document.Size.ToString() + " bytes from " + HostOf(document.Url));

            _sha.Reset();
            _hashed = 0;
            _checkpoint.JobId = jobId;
            _checkpoint.ExecutionNumber = executionNumber;
            System.Array.Copy(imageId, 0, _checkpoint.ImageId, 0, 32);
            _checkpoint.ImageSize = document.Size;
            System.Array.Clear(_checkpoint.Header, 0, DownloadCheckpoint.HeaderSize);
            return SaveCheckpoint();
        }

        /// <summary>Keeps <paramref name="url"/> for the next request without touching the one open (a re-delivery while the URL still works).</summary>
        public void KeepUrl(string url)
        {
            _url = url;
        }

        /// <summary>Takes the fresh presigned URL of a new delivery; the download continues at the same offset.</summary>
        public void RefreshUrl(string url)
        {
            _url = url;
            CloseResponse();
            _retryAt = 0;
        }

        /// <summary>Does one bounded piece of work: open a request or move one chunk.</summary>
        public DownloadStep Step()
        {
            if (_document == null)
            {
                Reason = UpdateReason.Document;
                Detail = "Step before Begin";
                return DownloadStep.Failed;
            }

            if (Reason != UpdateReason.None)
            {
                return DownloadStep.Failed;
            }

            long size = _document.Size;
            if (_hashed >= size)
            {
                CloseResponse();
                return DownloadStep.Downloaded;
            }

            if (!_open)
            {
                if (_clock.MonotonicMilliseconds < _retryAt)
                {
                    return DownloadStep.Waiting;
                }

                return OpenRange(size);
            }

            // Never read across a block boundary, so checkpoints land exactly on one.
            long boundary = ((_hashed / _block) + 1) * _block;
            long limit = boundary < size ? boundary : size;
            int want = (int)(limit - _hashed < _buffer.Length ? limit - _hashed : _buffer.Length);
            int read = _http.Read(_buffer, 0, want);
            if (read <= 0)
            {
                // -1: network error; 0: body ended before the range did. Either way reopen from _hashed.
                CloseResponse();
                return Retry(read < 0 ? "read failed" : "body ended early");
            }

            if (!_sha.Update(_buffer, 0, read))
            {
                return Fail(UpdateReason.Download, "hash update failed");
            }

            if (_hashed < DownloadCheckpoint.HeaderSize)
            {
                int n = (int)(DownloadCheckpoint.HeaderSize - _hashed);
                System.Array.Copy(_buffer, 0, _checkpoint.Header, (int)_hashed, n < read ? n : read);
            }

            // Every byte hashed is stored, so the slot holds exactly the bytes the digest covers (_hashed == NextOffset).
            SlotResult stored = _slot.StoreChunk(_buffer, 0, read);
            if (stored != SlotResult.Success)
            {
                return Fail(UpdateReason.Slot, "store chunk: " + SlotName(stored));
            }

            _hashed += read;
            _failures = 0;
            if (_hashed % _block == 0 && _hashed < size && CheckpointDue() && !SaveCheckpoint())
            {
                return DownloadStep.Failed;
            }

            return _hashed >= size ? DownloadStep.Downloaded : DownloadStep.Working;
        }

        /// <summary>
        /// The gate before activation: size, then the signature over the whole-image digest with the
        /// device's certificate. Only when both hold is the slot completed (test swap scheduled);
        /// otherwise the slot is erased. Returns None on success, else the reason.
        /// </summary>
        public UpdateReason VerifyAndComplete(CodeSigningVerifier verifier)
        {
            UpdateReason reason = Verify(verifier);
            if (reason == UpdateReason.None)
            {
                SlotResult completed = _slot.Complete();
                if (completed == SlotResult.Success)
                {
                    DeleteCheckpoint();
                    return UpdateReason.None;
                }

                reason = UpdateReason.Slot;
                Detail = "complete: " + SlotName(completed);
            }

            Discard();
            Fail(reason, Detail);
            return reason;
        }

        /// <summary>
        /// Checks size, then the signature over the whole-image digest with the device's certificate. Touches
        /// neither the slot nor the store. Returns None when both hold, else the reason (and <see cref="Detail"/>).
        /// </summary>
        public UpdateReason Verify(CodeSigningVerifier verifier)
        {
            CloseResponse();
            UpdateReason reason = UpdateReason.None;
            string detail = null;
            if (_hashed != _document.Size || _sha.TotalLength != _document.Size || _slot.NextOffset != _document.Size)
            {
                reason = UpdateReason.Size;
                detail = "downloaded " + _hashed.ToString() + " of " + _document.Size.ToString();
            }
            else if (verifier == null || verifier.Status != CryptoStatus.Ok)
            {
                reason = UpdateReason.Certificate;
                detail = "no usable code-signing certificate on the device";
            }
            else
            {
                _sha.Final(_digest, 0);
                // Once per job, so the text's bytes are allocated here rather than held for the life of the agent;
                // one pass over the characters (a string's indexer walks its UTF-8 on nanoCLR).
                char[] signature = _document.Signature.ToCharArray();
                int length = signature.Length;
                if (length > MaxSignatureText)
                {
                    reason = UpdateReason.Signature;
                    detail = "signature too long";
                }
                else
                {
                    byte[] text = new byte[length];
                    for (int i = 0; i < length; i++)
                    {
                        char c = signature[i];
                        text[i] = c < 128 ? (byte)c : (byte)0;
                    }

                    SignatureFormat format = SignatureFormat.Der;
                    VerifyResult verified = verifier.VerifyBase64(_digest, text, 0, length, format);
                    bool keyMatches = (_document.SignatureKind == SignatureKind.EcdsaSha256 && verifier.KeyType == PublicKeyType.EcP256)
                        || (_document.SignatureKind == SignatureKind.RsaSha256 && verifier.KeyType == PublicKeyType.Rsa);
                    if (!keyMatches || verified != VerifyResult.Valid)
                    {
                        // Most signature failures in the field are a certificate that is not the signing profile's
                        // (amazon-freertos#3240): say which key was tried, not only that it failed.
                        reason = UpdateReason.Signature;
                        detail = !keyMatches
                            ? "the job's signature is " + SignatureName(_document.SignatureKind) + " but the code-signing certificate on the device holds " + KeyName(verifier.KeyType) + " key"
                            : verified == VerifyResult.Invalid
                                ? "signature invalid with the code-signing certificate on the device: the image was signed with another profile's key, or changed after signing"
                                : "signature " + UpdateNames.Verify(verified);
                    }
                }
            }

            if (reason != UpdateReason.None)
            {
                Reason = reason;
                Detail = detail;
                return reason;
            }

            Log(LogLevel.Info, "firmware: signature verified (" + _document.Size.ToString() + " bytes)");
            return UpdateReason.None;
        }

        /// <summary>Erases the slot's session and deletes the checkpoint (idempotent): nothing of this download stays.</summary>
        public void Discard()
        {
            CloseResponse();
            _slot.Abort(true);
            DeleteCheckpoint();
        }

        /// <summary>Deletes the download checkpoint (idempotent); true if it is gone.</summary>
        public bool DeleteCheckpoint()
        {
            return _store.Delete(DownloadCheckpoint.RecordName);
        }

        /// <summary>True if a download checkpoint is stored (for any execution).</summary>
        public bool HasCheckpoint
        {
            get { return _store.Read(DownloadCheckpoint.RecordName) != null; }
        }

        /// <summary>Stops the download: with <paramref name="erase"/> the slot and checkpoint are wiped (job canceled or failed), without it they stay for a resume.</summary>
        public void Stop(bool erase)
        {
            CloseResponse();
            _slot.Abort(erase);
            if (erase)
            {
                _store.Delete(DownloadCheckpoint.RecordName);
            }
        }

        private DownloadStep OpenRange(long size)
        {
            long from = _hashed;
            long to = size - 1;
            _response.Reset();
            if (!_http.Open(_url, from, to, _response))
            {
                return Retry(_response.Failure == null ? "no response" : "no response: " + _response.Failure);
            }

            RangeVerdict verdict = RangeCheck.Classify(_response, from, to, size);
            switch (verdict)
            {
                case RangeVerdict.Accept:
                    _open = true;
                    return DownloadStep.Working;
                case RangeVerdict.WholeImage:
                    // The server ignored Range: the body starts at byte 0, so the hash starts again. The slot's bytes
                    // below the checkpoint were hashed by an earlier run only, never by this hash: a byte that arrived
                    // corrupted there would stay while the new digest vouches for the good one. So the slot starts again
                    // too, and every byte activated is a byte of this hash (see remarks).
                    _sha.Reset();
                    _hashed = 0;
                    _open = true;
                    if (from > 0)
                    {
                        Log(LogLevel.Warning, "server answered 200 to a Range request: hashing and writing again from 0");
                        SlotResult restarted = _slot.StartSession(_document.Target, (int)size);
                        if (restarted != SlotResult.Success)
                        {
                            return Fail(UpdateReason.Slot, "start session: " + SlotName(restarted));
                        }

                        SaveCheckpoint(); // at 0: the record must not resume the new session with the old midstate
                    }

                    return DownloadStep.Working;
                case RangeVerdict.Restart:
                    CloseResponse();
                    return RestartFromZero("416 Range Not Satisfiable");
                case RangeVerdict.UrlExpired:
                    CloseResponse();
                    Log(LogLevel.Info, "presigned URL refused (403): asking for a fresh one");
                    return DownloadStep.NeedUrl;
                case RangeVerdict.WrongSize:
                    CloseResponse();
                    return Fail(UpdateReason.Size, "the server's image is " + (_response.RangeTotal >= 0 ? _response.RangeTotal : _response.ContentLength).ToString() + " bytes, the document says " + size.ToString());
                case RangeVerdict.Retry:
                    CloseResponse();
                    return Retry("HTTP " + _response.StatusCode.ToString() + " range " + _response.RangeStart.ToString() + "-" + _response.RangeEnd.ToString());
                default:
                    CloseResponse();
                    return Fail(UpdateReason.Download, "HTTP " + _response.StatusCode.ToString());
            }
        }

        private DownloadStep RestartFromZero(string why)
        {
            Log(LogLevel.Warning, why + ": restarting the download from zero");
            SlotResult started = _slot.StartSession(_document.Target, (int)_document.Size);
            if (started != SlotResult.Success)
            {
                return Fail(UpdateReason.Slot, "start session: " + SlotName(started));
            }

            _sha.Reset();
            _hashed = 0;
            SaveCheckpoint(); // at 0: the record must not resume the new session with the old midstate
            return Retry(why);
        }

        private DownloadStep Retry(string why)
        {
            _failures++;
            if (_failures > MaxRetries)
            {
                return Fail(UpdateReason.Download, why + " (" + MaxRetries.ToString() + " retries)");
            }

            long delay = RetryBaseMilliseconds;
            for (int i = 1; i < _failures && delay < RetryCapMilliseconds; i++)
            {
                delay *= 2;
            }

            if (delay > RetryCapMilliseconds)
            {
                delay = RetryCapMilliseconds;
            }

            // Equal jitter: half fixed, half random, so devices that failed together spread out.
            long half = delay / 2;
            delay = half + _random.Next((int)half + 1);
            _retryAt = _clock.MonotonicMilliseconds + delay;
            Log(LogLevel.Warning, why + ": retry " + _failures.ToString() + " in " + delay.ToString() + " ms");
            return DownloadStep.Waiting;
        }

        // At a block boundary: every one by default; with a pacing, enough bytes or enough time since the last checkpoint
        // (whose offset _checkpoint still holds).
        private bool CheckpointDue()
        {
            DownloadPacing pacing = Pacing;
            if (pacing == null || _hashed - _checkpoint.Offset >= pacing.CheckpointBytes)
            {
                return true;
            }

            return pacing.CheckpointMilliseconds > 0 && _clock.MonotonicMilliseconds - pacing.LastCheckpointAt >= pacing.CheckpointMilliseconds;
        }

        private void NoteCheckpointTime()
        {
            if (Pacing != null)
            {
                Pacing.LastCheckpointAt = _clock.MonotonicMilliseconds;
            }
        }

        private bool SaveCheckpoint()
        {
            NoteCheckpointTime();
            _checkpoint.Offset = _hashed;

            // The record counts the bytes below _hashed: they must survive a power cut before it does.
            SlotResult flushed = _hashed > 0 ? _slot.Flush() : SlotResult.Success;
            if (flushed != SlotResult.Success)
            {
                Log(LogLevel.Warning, "checkpoint at " + _hashed.ToString() + " not saved: slot flush " + SlotName(flushed));
                return true;
            }

            if (_sha.SaveMidstate(_checkpoint.Midstate, 0) && _checkpoint.Encode(_record) && _store.Write(DownloadCheckpoint.RecordName, _record, DownloadCheckpoint.EncodedSize))
            {
                Checkpoints += _hashed > 0 ? 1 : 0;
            }
            else
            {
                // Not fatal for the download itself, but a reboot would then start over; say so.
                Log(LogLevel.Warning, "checkpoint at " + _hashed.ToString() + " not saved");
            }

            return true;
        }

        private DownloadStep Fail(UpdateReason reason, string detail)
        {
            Reason = reason;
            Detail = detail;
            CloseResponse();
            Log(LogLevel.Error, "download failed: " + UpdateReasons.Name(reason) + ": " + detail);
            return DownloadStep.Failed;
        }

        private void CloseResponse()
        {
            if (_open)
            {
                _open = false;
            }

            _http.Close();
        }

        private void Log(LogLevel level, string message)
        {
            if (_log != null)
            {
                _log.Write(level, message);
            }
        }

        private static string SignatureName(SignatureKind kind)
        {
            return kind == SignatureKind.RsaSha256 ? "SHA256withRSA" : (kind == SignatureKind.EcdsaSha256 ? "SHA256withECDSA" : "missing");
        }

        private static string KeyName(PublicKeyType key)
        {
            return key == PublicKeyType.Rsa ? "an RSA" : (key == PublicKeyType.EcP256 ? "a P-256 ECDSA" : "no usable");
        }

        private static string SlotName(SlotResult result)
        {
            return UpdateNames.Slot(result);
        }

        // The host of a URL for the log (never the query: it carries the presigned signature).
        private static string HostOf(string url)
        {
            if (url == null)
            {
                return "?";
            }

            int start = url.IndexOf("://");
            start = start < 0 ? 0 : start + 3;
            int end = url.IndexOf('/', start);
            return end < 0 ? url.Substring(start) : url.Substring(start, end - start);
        }
    }
}
