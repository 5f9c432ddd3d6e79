namespace Sample.Heartbeat
{
    /// <summary>
    /// Where a beat goes: on .NET the file <c>heartbeat.txt</c> in the data folder the agent hands to Start (overwritten
    /// in place by one write); on nanoFramework the debug output (the serial console of the
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

            // The file is overwritten in place (one open, one write, no rename): ten thousand simulated devices of
            // `nfdevice simulate` each beating once a second spent most of their process's time renaming temporary
            // files. A beat is a single short write from offset 0 and the text only grows within a boot, so a reader
            // sees the previous line or the new one. A timer callback that throws ends the whole process on .NET
            // (every simulated device with it): a beat that cannot be written, for example because the previous boot's
            // last beat holds the file, is skipped.
            string path = System.IO.Path.Combine(folder, "heartbeat.txt");
            byte[] bytes = System.Text.Encoding.UTF8.GetBytes(line + "\n");
            try
            {
                using (var file = new System.IO.FileStream(path, System.IO.FileMode.OpenOrCreate, System.IO.FileAccess.Write, System.IO.FileShare.ReadWrite | System.IO.FileShare.Delete, 1))
                {
                    file.Write(bytes, 0, bytes.Length);
                    if (file.Length > bytes.Length)
                    {
                        file.SetLength(bytes.Length);
                    }
                }
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
