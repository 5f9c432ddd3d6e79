namespace NfDevice.Jobs.Platform
{
    /// <summary>
    /// The two application bundle slots (0 = A, 1 = B) as plain files on a drive (<c>I:\</c> or an SD card on the
    /// ESP32, a folder on .NET). The core keeps all A/B bookkeeping (<see cref="NfDevice.Jobs.Application.ApplicationSlots"/>);
    /// a platform only moves bytes. Durability: appended bytes are safe after <see cref="Commit"/> returns true
    /// (LittleFS commits only on close, so the ESP32 closes the file there); <see cref="Erase"/> is durable on return.
    /// </summary>
    public interface IApplicationStorage
    {
        /// <summary>Bytes in slot <paramref name="slot"/>'s file, or -1 when it has none.</summary>
        long Length(int slot);

        /// <summary>Removes slot <paramref name="slot"/>'s file (also when absent). False if it could not be removed.</summary>
        bool Erase(int slot);

        /// <summary>Appends bytes at the end of the slot's file, creating it. False on a write error.</summary>
        bool Append(int slot, byte[] data, int offset, int count);

        /// <summary>Makes every appended byte durable. False on error.</summary>
        bool Commit(int slot);

        /// <summary>Cuts the slot's file to <paramref name="length"/> bytes (a resume rewinds to its checkpoint), durably. False on error.</summary>
        bool Truncate(int slot, long length);

        /// <summary>Reads up to <paramref name="count"/> bytes at <paramref name="position"/>; returns the count read (0 at the end) or -1 on error.</summary>
        int Read(int slot, long position, byte[] buffer, int offset, int count);
    }
}
