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

            string path = System.IO.Path.Combine(folder, "heartbeat.txt");
            string temp = path + ".tmp";
            System.IO.File.WriteAllText(temp, line + "\n");
            System.IO.File.Move(temp, path, true);
#endif
        }
    }
}
