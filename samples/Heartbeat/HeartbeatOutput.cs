namespace Sample.Heartbeat
{
    /// <summary>
    /// Where a beat goes: on .NET the file <c>heartbeat.txt</c> in the data folder the agent hands to Start (replaced
    /// whole, so a reader never sees half a line); on nanoFramework the debug output (the serial console of the
    /// board), since the interpreter build here has no file system library.
    /// </summary>
    internal static class HeartbeatOutput
    {
        public static void Write(string folder, string line)
        {
#if NANOFRAMEWORK_1_0
            System.Diagnostics.Debug.WriteLine(line);
#else
            if (folder == null)
            {
                System.Console.WriteLine(line);
                return;
            }

            // A timer callback that throws ends the whole process on .NET (every simulated device of `nfdevice simulate`
            // with it). Two beats can overlap (a late timer, or the previous boot's last beat while this boot starts):
            // each writes its own temporary file, and a beat that cannot be written is skipped, not thrown.
            string path = System.IO.Path.Combine(folder, "heartbeat.txt");
            string temp = path + "." + System.Environment.CurrentManagedThreadId + ".tmp";
            try
            {
                System.IO.File.WriteAllText(temp, line + "\n");
                System.IO.File.Move(temp, path, true);
            }
            catch (System.IO.IOException)
            {
            }
            catch (System.UnauthorizedAccessException)
            {
            }
#endif
        }
    }
}
