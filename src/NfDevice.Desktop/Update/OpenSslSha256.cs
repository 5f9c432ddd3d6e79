using System;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using NfDevice.Jobs.Crypto;

namespace NfDevice.Desktop.Update
{
    /// <summary>
    /// The platform's SHA-256 for the download: OpenSSL's libcrypto (the library .NET itself uses for cryptography
    /// on Linux), which hashes with the CPU's SHA extensions where present, about ten times faster than the core's
    /// managed <see cref="Sha256"/> under the JIT (README, performance).
    /// </summary>
    /// <remarks>
    /// Why not <c>IncrementalHash</c>: a download checkpoint stores the SHA-256 midstate so that a resumed download
    /// continues the hash of the bytes already in the slot, and no .NET hash exports or imports its state.
    /// libcrypto's <c>SHA256_CTX</c> is a public struct (openssl/sha.h: <c>h[8], Nl, Nh, data[16], num, md_len</c>,
    /// all 32-bit), so the midstate is read and written there, in the core's layout: a checkpoint saved by one
    /// hasher resumes with the other. Where libcrypto cannot be loaded (Windows, macOS) <see cref="Create"/> gives
    /// the managed hasher.
    /// </remarks>
    public sealed class OpenSslSha256 : ISha256
    {
        // Byte offsets in SHA256_CTX.
        private const int ContextSize = 112;
        private const int NlAt = 32;
        private const int NhAt = 36;
        private const int NumAt = 104;

        private static readonly Native Library = Native.Load();

        private readonly byte[] _context = new byte[ContextSize];
        private long _totalLength;

        private OpenSslSha256()
        {
            Reset();
        }

        /// <summary>True if libcrypto was found and its SHA-256 agrees with the FIPS 180-4 test value.</summary>
        public static bool Available => Library != null;

        /// <summary>libcrypto's SHA-256 when <see cref="Available"/>, else the core's managed one.</summary>
        public static ISha256 Create() => Available ? new OpenSslSha256() : new Sha256();

        /// <inheritdoc />
        public long TotalLength => _totalLength;

        /// <inheritdoc />
        public void Reset()
        {
            Library.Init(_context);
            _totalLength = 0;
        }

        /// <inheritdoc />
        public bool Update(byte[] data, int offset, int count)
        {
            if (data == null || offset < 0 || count < 0 || offset > data.Length - count)
            {
                return false;
            }

            if (count > 0)
            {
                Library.Update(_context, ref data[offset], (nuint)count);
                _totalLength += count;
            }

            return true;
        }

        /// <inheritdoc />
        public bool Final(byte[] output, int offset)
        {
            if (output == null || offset < 0 || offset > output.Length - Sha256.DigestSize)
            {
                return false;
            }

            Library.Final(ref output[offset], _context);
            Reset();
            return true;
        }

        /// <inheritdoc />
        public bool SaveMidstate(byte[] output, int offset)
        {
            if (ReadWord(NumAt) != 0 || output == null || offset < 0 || offset > output.Length - Sha256.MidstateSize)
            {
                return false;
            }

            for (int i = 0; i < 8; i++)
            {
                BinaryPrimitives.WriteUInt32BigEndian(output.AsSpan(offset + (4 * i)), ReadWord(4 * i));
            }

            BinaryPrimitives.WriteInt64BigEndian(output.AsSpan(offset + 32), _totalLength);
            return true;
        }

        /// <inheritdoc />
        public bool RestoreMidstate(byte[] input, int offset)
        {
            if (input == null || offset < 0 || offset > input.Length - Sha256.MidstateSize)
            {
                return false;
            }

            long length = BinaryPrimitives.ReadInt64BigEndian(input.AsSpan(offset + 32));
            if (length < 0 || (length & (Sha256.BlockSize - 1)) != 0)
            {
                return false;
            }

            Library.Init(_context);
            for (int i = 0; i < 8; i++)
            {
                WriteWord(4 * i, BinaryPrimitives.ReadUInt32BigEndian(input.AsSpan(offset + (4 * i))));
            }

            // Nl/Nh count bits; with no buffered tail (num = 0) the next block continues from here.
            ulong bits = (ulong)length << 3;
            WriteWord(NlAt, (uint)bits);
            WriteWord(NhAt, (uint)(bits >> 32));
            _totalLength = length;
            return true;
        }

        // SHA_LONG fields are in the machine's byte order.
        private uint ReadWord(int at) => MemoryMarshal.Read<uint>(_context.AsSpan(at));

        private void WriteWord(int at, uint value) => MemoryMarshal.Write(_context.AsSpan(at), in value);

        /// <summary>The three libcrypto entry points, bound once per process.</summary>
        private sealed class Native
        {
            [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
            public delegate int InitFn(byte[] context);

            [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
            public delegate int UpdateFn(byte[] context, ref byte data, nuint length);

            [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
            public delegate int FinalFn(ref byte digest, byte[] context);

            // OpenSSL 3 and 1.1 have the same SHA256_* functions and SHA256_CTX.
            private static readonly string[] Names = { "libcrypto.so.3", "libcrypto.so.1.1", "libcrypto.so" };

            public InitFn Init;
            public UpdateFn Update;
            public FinalFn Final;

            public static Native Load()
            {
                foreach (string name in Names)
                {
                    if (!NativeLibrary.TryLoad(name, out IntPtr handle))
                    {
                        continue;
                    }

                    if (NativeLibrary.TryGetExport(handle, "SHA256_Init", out IntPtr init)
                        && NativeLibrary.TryGetExport(handle, "SHA256_Update", out IntPtr update)
                        && NativeLibrary.TryGetExport(handle, "SHA256_Final", out IntPtr final))
                    {
                        var native = new Native
                        {
                            Init = Marshal.GetDelegateForFunctionPointer<InitFn>(init),
                            Update = Marshal.GetDelegateForFunctionPointer<UpdateFn>(update),
                            Final = Marshal.GetDelegateForFunctionPointer<FinalFn>(final),
                        };
                        if (native.AnswersAbc())
                        {
                            return native;
                        }
                    }
                }

                return null;
            }

            // FIPS 180-4 example "abc": a library whose context is not laid out as expected is never used.
            private bool AnswersAbc()
            {
                byte[] context = new byte[ContextSize];
                byte[] abc = { 0x61, 0x62, 0x63 };
                byte[] digest = new byte[Sha256.DigestSize];
                Init(context);
                Update(context, ref abc[0], 3);
                if (MemoryMarshal.Read<uint>(context.AsSpan(NlAt)) != 24 || MemoryMarshal.Read<uint>(context.AsSpan(NumAt)) != 3)
                {
                    return false;
                }

                Final(ref digest[0], context);
                return Convert.ToHexStringLower(digest) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
            }
        }
    }
}
