using System;
using NfDevice.Jobs.Platform;
using NfDevice.Jobs.Update;

namespace NfDevice.Jobs.Tests.Net.Update
{
    // Fakes that allocate nothing after construction, so an allocation measured around FirmwareDownload.Step
    // is FirmwareDownload's own. Also compiled into tests/NfDevice.Benchmarks (linked) for the update benchmarks.

    /// <summary>Serves one in-memory image exactly as asked (206 with the matching Content-Range), without logging requests.</summary>
    public sealed class ExactRangeHttp : IRangedHttpClient
    {
        private readonly byte[] _image;
        private long _position;
        private long _end;
        private bool _open;

        /// <summary>Creates a server for <paramref name="image"/>.</summary>
        public ExactRangeHttp(byte[] image) => _image = image;

        /// <summary>Requests opened.</summary>
        public int Opens { get; private set; }

        /// <inheritdoc />
        public bool Open(string url, long from, long to, HttpRangeResponse response)
        {
            Opens++;
            response.Reset();
            long last = to < 0 || to >= _image.Length ? _image.Length - 1 : to;
            response.StatusCode = 206;
            response.RangeStart = from;
            response.RangeEnd = last;
            response.RangeTotal = _image.Length;
            response.ContentLength = last - from + 1;
            _position = from;
            _end = last + 1;
            _open = true;
            return true;
        }

        /// <inheritdoc />
        public int Read(byte[] buffer, int offset, int count)
        {
            if (!_open)
            {
                return -1;
            }

            long left = _end - _position;
            int n = left < count ? (int)left : count;
            Buffer.BlockCopy(_image, (int)_position, buffer, offset, n);
            _position += n;
            return n;
        }

        /// <inheritdoc />
        public void Close() => _open = false;
    }

    /// <summary>A slot that only counts what it is given (the "null slot"), optionally summing the bytes so the work cannot be elided.</summary>
    public sealed class CountingSlot : IFirmwareSlot
    {
        private int _total;
        private bool _session;

        /// <summary>Bytes stored in the open session.</summary>
        public int NextOffset { get; private set; }

        /// <summary>Sum of every byte stored (a cheap content check).</summary>
        public long ByteSum { get; private set; }

        /// <summary>Calls to StoreChunk.</summary>
        public int Chunks { get; private set; }

        /// <summary>True after Complete.</summary>
        public bool Completed { get; private set; }

        /// <inheritdoc />
        public SlotResult StartSession(ImageKind image, int totalLength)
        {
            _total = totalLength;
            NextOffset = 0;
            ByteSum = 0;
            Chunks = 0;
            _session = true;
            Completed = false;
            return SlotResult.Success;
        }

        /// <inheritdoc />
        public SlotResult ResumeSession(ImageKind image, int totalLength, byte[] expectedHeader, int resumeAt) => SlotResult.NoImage;

        /// <inheritdoc />
        public SlotResult StoreChunk(byte[] data, int offset, int count)
        {
            if (!_session)
            {
                return SlotResult.BadToken;
            }

            if (NextOffset + count > _total)
            {
                return SlotResult.TooLarge;
            }

            long sum = 0;
            for (int i = offset; i < offset + count; i++)
            {
                sum += data[i];
            }

            ByteSum += sum;
            NextOffset += count;
            Chunks++;
            return SlotResult.Success;
        }

        /// <inheritdoc />
        public SlotResult Flush()
        {
            return _session ? SlotResult.Success : SlotResult.BadToken;
        }

        /// <inheritdoc />
        public SlotResult Complete()
        {
            _session = false;
            Completed = NextOffset == _total;
            return Completed ? SlotResult.Success : SlotResult.Incomplete;
        }

        /// <inheritdoc />
        public SlotResult Abort(bool erase)
        {
            _session = false;
            return SlotResult.Success;
        }

        /// <inheritdoc />
        public SlotStatus GetStatus(ImageKind image) => SlotStatus.Confirmed;

        /// <inheritdoc />
        public bool Confirm() => false;

        /// <inheritdoc />
        public bool RequestRevert() => false;
    }

    /// <summary>One preallocated record (the checkpoint): Write copies into it, Read is only used by Begin.</summary>
    public sealed class FixedRecordStore : IStateStore
    {
        private readonly byte[] _record = new byte[DownloadCheckpoint.EncodedSize];
        private int _length = -1;

        /// <summary>Successful writes.</summary>
        public int Writes { get; private set; }

        /// <summary>The last record written (valid up to <see cref="DownloadCheckpoint.EncodedSize"/>), or null.</summary>
        public byte[] Last => _length < 0 ? null : _record;

        /// <inheritdoc />
        public byte[] Read(string name)
        {
            if (_length < 0)
            {
                return null;
            }

            var copy = new byte[_length];
            Buffer.BlockCopy(_record, 0, copy, 0, _length);
            return copy;
        }

        /// <inheritdoc />
        public bool Write(string name, byte[] data, int count)
        {
            if (count > _record.Length)
            {
                return false;
            }

            Buffer.BlockCopy(data, 0, _record, 0, count);
            _length = count;
            Writes++;
            return true;
        }

        /// <inheritdoc />
        public bool Delete(string name)
        {
            _length = -1;
            return true;
        }
    }

    /// <summary>A clock that stands still, and randomness that answers 0.</summary>
    public sealed class StillClock : IClock, IRandom
    {
        /// <inheritdoc />
        public long UtcSeconds => 1700000000;

        /// <inheritdoc />
        public long MonotonicMilliseconds { get; set; }

        /// <inheritdoc />
        public int Next(int maxExclusive) => 0;
    }
}
