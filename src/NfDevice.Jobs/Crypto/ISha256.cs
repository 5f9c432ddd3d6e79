namespace NfDevice.Jobs.Crypto
{
    /// <summary>
    /// An incremental SHA-256 (FIPS 180-4) with an exportable midstate: the seam through which a platform that
    /// has SHA-256 in hardware or in its runtime hashes a download (on .NET: OpenSSL with SHA-NI), while the
    /// core's own <see cref="Sha256"/> stays the default (nanoFramework has none it could use).
    /// </summary>
    /// <remarks>
    /// Every implementation keeps <see cref="Sha256"/>'s contract exactly, so a checkpoint written with one can be
    /// resumed with another: the midstate is <see cref="Sha256.MidstateSize"/> bytes (H0..H7 big-endian, then the
    /// byte length as a big-endian 64-bit integer), saved only at a 64-byte block boundary; <see cref="Final"/>
    /// resets; a range outside the array returns false and changes nothing.
    /// </remarks>
    public interface ISha256
    {
        /// <summary>Total number of message bytes absorbed since the last reset.</summary>
        long TotalLength { get; }

        /// <summary>Returns to the initial hash value H(0).</summary>
        void Reset();

        /// <summary>Absorbs <paramref name="count"/> bytes of <paramref name="data"/> from <paramref name="offset"/>; false (nothing absorbed) when the range is outside the array.</summary>
        bool Update(byte[] data, int offset, int count);

        /// <summary>Pads, writes the 32-byte digest at <paramref name="offset"/> and resets; false (state unchanged) when the output is too small.</summary>
        bool Final(byte[] output, int offset);

        /// <summary>Writes the 40-byte midstate at <paramref name="offset"/>; false when bytes are buffered (length not a multiple of 64) or the output is too small.</summary>
        bool SaveMidstate(byte[] output, int offset);

        /// <summary>Restores a midstate written by <see cref="SaveMidstate"/> (of any implementation); false (state unchanged) when it is malformed.</summary>
        bool RestoreMidstate(byte[] input, int offset);
    }
}
