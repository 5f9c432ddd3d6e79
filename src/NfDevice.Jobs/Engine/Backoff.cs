using NfDevice.Jobs.Platform;

namespace NfDevice.Jobs.Engine
{
    /// <summary>
    /// Capped exponential backoff with "equal jitter": retry n waits d/2 + random[0, d/2] where
    /// d = min(cap, base * 2^(n-1)). Half the delay is kept so retries never bunch at zero, half is random so a
    /// fleet throttled together does not come back together.
    /// </summary>
    public static class Backoff
    {
        /// <summary>The un-jittered delay d of retry <paramref name="retry"/> (1 for the first retry).</summary>
        public static int Ceiling(int retry, int baseMs, int capMs)
        {
            if (baseMs <= 0 || capMs <= 0)
            {
                return 0;
            }

            long d = baseMs;
            for (int i = 1; i < retry && d < capMs; i++)
            {
                d *= 2;
            }

            return d > capMs ? capMs : (int)d;
        }

        /// <summary>The jittered delay of retry <paramref name="retry"/>, in [Ceiling/2, Ceiling].</summary>
        public static int Delay(int retry, int baseMs, int capMs, IRandom random)
        {
            int d = Ceiling(retry, baseMs, capMs);
            int half = d / 2;
            int jitter = random == null ? 0 : random.Next(d - half + 1);
            if (jitter < 0 || jitter > d - half)
            {
                jitter = 0;
            }

            return half + jitter;
        }
    }
}
