using System;
using System.Globalization;

namespace NfDevice.Desktop.Cli
{
    /// <summary>
    /// Rate and time left of a download from periodic samples of (time, bytes done), for the plain progress lines of
    /// `nfdevice run` when its output is not a terminal. The rate is over the last window, so a stall shows as a stall.
    /// </summary>
    internal sealed class DownloadMeter
    {
        private readonly TimeSpan _window;
        private TimeSpan _windowStart;
        private long _windowBytes = -1;
        private double _bytesPerSecond;

        public DownloadMeter(TimeSpan window) => _window = window;

        /// <summary>Bytes per second over the last full window (0 until one has passed).</summary>
        public double BytesPerSecond => _bytesPerSecond;

        /// <summary>Takes a sample; true when a window closed and a new line is due.</summary>
        public bool Sample(TimeSpan now, long done)
        {
            if (_windowBytes < 0 || done < _windowBytes)
            {
                // First sample, or the download restarted from zero (a 200 to a ranged GET).
                _windowStart = now;
                _windowBytes = done;
                return false;
            }
            TimeSpan elapsed = now - _windowStart;
            if (elapsed < _window) return false;
            _bytesPerSecond = (done - _windowBytes) / elapsed.TotalSeconds;
            _windowStart = now;
            _windowBytes = done;
            return true;
        }

        /// <summary>"download 42% 4.2 of 10.0 MB at 1.5 MB/s, 4 s left" (the job's name first).</summary>
        public string Line(string job, long done, long total)
        {
            string text = "download " + job + " " + (total > 0 ? (done * 100 / total).ToString(CultureInfo.InvariantCulture) : "0") + "% "
                + Megabytes(done) + " of " + Megabytes(total) + " MB at " + Megabytes((long)_bytesPerSecond) + " MB/s";
            if (_bytesPerSecond > 0 && total > done)
                text += ", " + Math.Ceiling((total - done) / _bytesPerSecond).ToString(CultureInfo.InvariantCulture) + " s left";
            else if (_bytesPerSecond <= 0)
                text += " (stalled)";
            return text;
        }

        private static string Megabytes(long bytes) => (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture);
    }
}
