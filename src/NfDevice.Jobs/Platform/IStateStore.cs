namespace NfDevice.Jobs.Platform
{
    /// <summary>
    /// Small named records that survive a reboot (the execution in progress, the download
    /// checkpoint, the awaiting-self-test marker). On the device: files on I:\ written to a
    /// temporary name and moved; on .NET: a file replaced atomically.
    /// </summary>
    public interface IStateStore
    {
        /// <summary>Returns the record's bytes, or null if there is none (or it cannot be read).</summary>
        byte[] Read(string name);

        /// <summary>
        /// Replaces the record with <paramref name="count"/> bytes of <paramref name="data"/>, atomically:
        /// after a power cut the record is either the old one or the new one. Returns false on failure.
        /// </summary>
        bool Write(string name, byte[] data, int count);

        /// <summary>Removes the record. Returns true if it is gone (also when there was none).</summary>
        bool Delete(string name);
    }
}
