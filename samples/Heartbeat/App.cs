using System.Threading;

namespace Sample.Heartbeat
{
    /// <summary>
    /// The entry type of the Heartbeat bundle (the contract is in src/NfDevice.Jobs/Application/BUNDLE.md): the agent
    /// finds it by name after loading the bundle's assemblies and calls its static methods. Written in the subset
    /// nanoFramework 1.x and .NET share, so the same source builds for both.
    /// </summary>
    public static class App
    {
        private static Timer _timer;
        private static int _beats;
        private static string _folder;

        /// <summary>Starts beating once a second and returns at once (the agent bounds how long Start may take).</summary>
        public static void Start(string dataFolder)
        {
            _folder = dataFolder;
            _beats = 0;
            _timer = new Timer(Beat, null, 0, 1000);
        }

        /// <summary>Stops the timer; called before the agent restarts.</summary>
        public static void Stop()
        {
            Timer timer = _timer;
            _timer = null;
            if (timer != null)
            {
                timer.Dispose();
            }
        }

        /// <summary>Passes once the first beat was written: the timer runs and the output is writable.</summary>
        public static bool SelfTest()
        {
            for (int i = 0; i < 50 && _beats == 0; i++)
            {
                Thread.Sleep(100);
            }

            return _beats > 0;
        }

        private static void Beat(object state)
        {
            int beat = Interlocked.Increment(ref _beats);
            HeartbeatOutput.Write(_folder, "Heartbeat " + BuildInfo.Version + " beat " + beat.ToString());
        }
    }
}
