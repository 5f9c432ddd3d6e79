using System.Collections;
using NfDevice.Jobs.Platform;

namespace NfDevice.Jobs.Tests.Update
{
    /// <summary>
    /// An HTTP server for one image, in memory, answering ranged GETs as S3 does, with faults a test can
    /// switch on: ignore Range (200), wrong Content-Range, 403 (expired URL), 416, 500, no response,
    /// and a connection dropped after a number of body bytes.
    /// </summary>
    public sealed class FakeRangedHttp : IRangedHttpClient
    {
        private readonly byte[] _image;
        private long _position;
        private long _end;
        private bool _open;

        /// <summary>Creates a server for <paramref name="image"/>.</summary>
        public FakeRangedHttp(byte[] image)
        {
            _image = image;
            ValidUrl = "https://bucket.s3.us-east-1.amazonaws.com/app.bin?sig=1";
            DropAfterBytes = -1;
        }

        /// <summary>The URL accepted; any other answers 403 (as an expired or re-signed presigned URL).</summary>
        public string ValidUrl;

        /// <summary>Answer 200 with the whole image to the next N ranged requests.</summary>
        public int IgnoreRangeTimes;

        /// <summary>Answer 206 with a Content-Range shifted by one byte to the next N requests.</summary>
        public int WrongRangeTimes;

        /// <summary>Answer with this status to the next request (then clear it); 0 = none.</summary>
        public int NextStatus;

        /// <summary>Give no response to the next N requests.</summary>
        public int NoResponseTimes;

        /// <summary>What a request without response reports as its failure (null: nothing said, as some platforms).</summary>
        public string NoResponseFailure;

        /// <summary>Drop the connection after this many body bytes of the next response (-1: never).</summary>
        public long DropAfterBytes;

        /// <summary>Every "from-to" asked for, in order.</summary>
        public readonly ArrayList Requests = new ArrayList();

        /// <summary>Body bytes served in all.</summary>
        public long BytesServed;

        /// <inheritdoc/>
        public bool Open(string url, long from, long to, HttpRangeResponse response)
        {
            Requests.Add(from.ToString() + "-" + to.ToString());
            response.Reset();
            _open = false;
            if (NoResponseTimes > 0)
            {
                NoResponseTimes--;
                response.Failure = NoResponseFailure;
                return false;
            }

            if (NextStatus != 0)
            {
                response.StatusCode = NextStatus;
                NextStatus = 0;
                return true;
            }

            if (url != ValidUrl)
            {
                response.StatusCode = 403;
                return true;
            }

            if (from >= _image.Length)
            {
                response.StatusCode = 416;
                response.RangeTotal = _image.Length;
                return true;
            }

            long last = to < 0 || to >= _image.Length ? _image.Length - 1 : to;
            if (IgnoreRangeTimes > 0)
            {
                IgnoreRangeTimes--;
                response.StatusCode = 200;
                response.ContentLength = _image.Length;
                _position = 0;
                _end = _image.Length;
                _open = true;
                return true;
            }

            response.StatusCode = 206;
            response.RangeStart = from;
            response.RangeEnd = last;
            response.RangeTotal = _image.Length;
            response.ContentLength = last - from + 1;
            if (WrongRangeTimes > 0)
            {
                WrongRangeTimes--;
                response.RangeStart = from + 1;
            }

            _position = from;
            _end = last + 1;
            _open = true;
            return true;
        }

        /// <inheritdoc/>
        public int Read(byte[] buffer, int offset, int count)
        {
            if (!_open)
            {
                return -1;
            }

            if (DropAfterBytes == 0)
            {
                DropAfterBytes = -1;
                _open = false;
                return -1;
            }

            long left = _end - _position;
            if (left <= 0)
            {
                return 0;
            }

            int n = count < left ? count : (int)left;
            if (DropAfterBytes > 0 && n > DropAfterBytes)
            {
                n = (int)DropAfterBytes;
            }

            System.Array.Copy(_image, (int)_position, buffer, offset, n);
            _position += n;
            BytesServed += n;
            if (DropAfterBytes > 0)
            {
                DropAfterBytes -= n;
            }

            return n;
        }

        /// <inheritdoc/>
        public void Close()
        {
            _open = false;
        }
    }

    /// <summary>
    /// An update slot in memory with InFieldUpdate's session semantics: StartSession erases, chunks
    /// append at NextOffset, ResumeSession reopens the same image (header compared), Complete needs
    /// every byte. Survives a simulated reboot because tests keep the instance.
    /// </summary>
    public sealed class MemorySlot : IFirmwareSlot
    {
        private byte[] _data = new byte[0];
        private int _next;
        private int _total;
        private bool _session;

        /// <summary>True after Complete succeeded (test swap scheduled).</summary>
        public bool Completed;

        /// <summary>Times the slot was erased.</summary>
        public int Erases;

        /// <summary>Fail StoreChunk with FlashError once NextOffset reaches this (-1: never).</summary>
        public int FailAt = -1;

        /// <summary>Bytes that survive a power cut: those stored before the last Flush (or the resume point).</summary>
        public int Durable;

        /// <summary>Times Flush was called.</summary>
        public int Flushes;

        /// <summary>Make Flush answer FlashError.</summary>
        public bool FailFlush;

        /// <inheritdoc/>
        public SlotResult StartSession(ImageKind image, int totalLength)
        {
            if (totalLength <= 0)
            {
                return SlotResult.BadArgument;
            }

            if (Testing || RevertPending)
            {
                return SlotResult.Busy; // the previous image must survive until the trial image is confirmed
            }

            _data = new byte[totalLength];
            _total = totalLength;
            _next = 0;
            Durable = 0;
            _session = true;
            Completed = false;
            Erases++;
            return SlotResult.Success;
        }

        /// <inheritdoc/>
        public SlotResult ResumeSession(ImageKind image, int totalLength, byte[] expectedHeader, int resumeAt)
        {
            if (_total == 0 || _next == 0)
            {
                return SlotResult.NoImage;
            }

            if (totalLength != _total)
            {
                return SlotResult.HeaderMismatch;
            }

            if (expectedHeader != null)
            {
                for (int i = 0; i < expectedHeader.Length && i < _next; i++)
                {
                    if (_data[i] != expectedHeader[i])
                    {
                        return SlotResult.HeaderMismatch;
                    }
                }
            }

            if (resumeAt < 0 || resumeAt > _next)
            {
                return SlotResult.BadOffset;
            }

            // Bytes above the checkpoint are discarded (written again), as the contract says.
            _next = resumeAt;
            Durable = resumeAt;
            _session = true;
            return SlotResult.Success;
        }

        /// <inheritdoc/>
        public int NextOffset
        {
            get { return _next; }
        }

        /// <summary>The bytes stored so far.</summary>
        public byte[] Data
        {
            get { return _data; }
        }

        /// <inheritdoc/>
        public SlotResult StoreChunk(byte[] data, int offset, int count)
        {
            if (!_session)
            {
                return SlotResult.BadToken;
            }

            if (FailAt >= 0 && _next + count > FailAt)
            {
                return SlotResult.FlashError;
            }

            if (_next + count > _total)
            {
                return SlotResult.TooLarge;
            }

            System.Array.Copy(data, offset, _data, _next, count);
            _next += count;
            return SlotResult.Success;
        }

        /// <inheritdoc/>
        public SlotResult Flush()
        {
            if (!_session)
            {
                return SlotResult.BadToken;
            }

            if (FailFlush)
            {
                return SlotResult.FlashError;
            }

            Flushes++;
            Durable = _next;
            return SlotResult.Success;
        }

        /// <inheritdoc/>
        public SlotResult Complete()
        {
            if (!_session)
            {
                return SlotResult.BadToken;
            }

            if (_next != _total)
            {
                return SlotResult.Incomplete;
            }

            _session = false;
            Completed = true;
            return SlotResult.Success;
        }

        /// <inheritdoc/>
        public SlotResult Abort(bool erase)
        {
            _session = false;
            if (erase)
            {
                _data = new byte[0];
                _next = 0;
                _total = 0;
                Erases++;
            }

            return SlotResult.Success;
        }

        /// <summary>Forgets the open session, as a reboot does (the stored bytes stay).</summary>
        public void Reboot()
        {
            _session = false;
        }

        /// <summary>A power cut: the session is gone and so is every byte stored after the last Flush.</summary>
        public void PowerCut()
        {
            _session = false;
            if (_next > Durable)
            {
                _next = Durable;
            }
        }

        /// <summary>True while the swapped-in image runs on trial.</summary>
        public bool Testing;

        /// <summary>True once a trial image was confirmed.</summary>
        public bool Confirmed;

        /// <summary>True after a revert was requested.</summary>
        public bool RevertPending;

        /// <summary>True after a boot brought the previous image back.</summary>
        public bool Reverted;

        /// <summary>What the bootloader does at power-on: swap in a completed image on trial, or revert an unconfirmed or rejected one.</summary>
        public void Boot()
        {
            _session = false;
            if (Testing && (RevertPending || !Confirmed))
            {
                Testing = false;
                RevertPending = false;
                Reverted = true;
            }
            else if (Completed)
            {
                Completed = false;
                Testing = true;
                Confirmed = false;
            }
        }

        /// <inheritdoc/>
        public SlotStatus GetStatus(ImageKind image)
        {
            if (RevertPending)
            {
                return SlotStatus.RollbackPending;
            }

            if (Testing && !Confirmed)
            {
                return SlotStatus.Testing;
            }

            return Completed ? SlotStatus.TestPending : SlotStatus.Confirmed;
        }

        /// <inheritdoc/>
        public bool Confirm()
        {
            if (!Testing || Confirmed)
            {
                return false;
            }

            Confirmed = true;
            Testing = false;
            return true;
        }

        /// <inheritdoc/>
        public bool RequestRevert()
        {
            if (!Testing)
            {
                return false;
            }

            RevertPending = true;
            return true;
        }
    }
}
