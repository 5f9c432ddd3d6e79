using NfDevice.Jobs.Crypto;

namespace NfDevice.Jobs.Application
{
    /// <summary>
    /// Checks a whole bundle as it streams past, in any chunk sizes: the manifest is parsed as soon as its bytes
    /// are in, each assembly's SHA-256 is compared at its last byte, the length must be exactly what the manifest
    /// says, and the SHA-256 of every byte (the bundle digest the loader re-checks) is available at the end.
    /// Holds the header and manifest (at most 4 KB) and two hash states; never an assembly.
    /// </summary>
    public sealed class BundleChecker
    {
        private readonly byte[] _front = new byte[BundleManifest.HeaderSize + BundleManifest.MaxManifestSize];
        private readonly Sha256 _whole = new Sha256();
        private readonly Sha256 _part = new Sha256();
        private readonly byte[] _digest = new byte[Sha256.DigestSize];
        private readonly BundleManifest _manifest = new BundleManifest();
        private int _frontLength;
        private int _frontNeeded;
        private bool _manifestRead;
        private int _assembly;
        private long _assemblyLeft;
        private long _position;
        private BundleResult _result;

        /// <summary>Creates a checker; call <see cref="Reset"/> before each bundle (done here for the first).</summary>
        public BundleChecker()
        {
            Reset();
        }

        /// <summary>The manifest, once <see cref="ManifestRead"/>.</summary>
        public BundleManifest Manifest
        {
            get { return _manifest; }
        }

        /// <summary>True once the manifest was parsed and found valid.</summary>
        public bool ManifestRead
        {
            get { return _manifestRead; }
        }

        /// <summary>Index of the assembly that failed its hash (when the result is HashMismatch).</summary>
        public int FailedAssembly { get; private set; }

        /// <summary>Starts over for a new bundle.</summary>
        public void Reset()
        {
            _whole.Reset();
            _part.Reset();
            _frontLength = 0;
            _frontNeeded = BundleManifest.HeaderSize;
            _manifestRead = false;
            _assembly = 0;
            _assemblyLeft = 0;
            _position = 0;
            _result = BundleResult.Partial;
            FailedAssembly = -1;
        }

        /// <summary>Takes the next <paramref name="count"/> bytes. Returns Partial while all is well so far, else the failure (which sticks).</summary>
        public BundleResult Feed(byte[] data, int offset, int count)
        {
            if (_result != BundleResult.Partial)
            {
                return _result;
            }

            _whole.Update(data, offset, count);
            int end = offset + count;
            int at = offset;
            while (at < end && _result == BundleResult.Partial)
            {
                if (!_manifestRead)
                {
                    at = TakeFront(data, at, end);
                    continue;
                }

                if (_assembly >= _manifest.AssemblyCount)
                {
                    _result = BundleResult.LengthMismatch; // bytes after the last assembly
                    break;
                }

                int take = end - at < _assemblyLeft ? end - at : (int)_assemblyLeft;
                _part.Update(data, at, take);
                at += take;
                _position += take;
                _assemblyLeft -= take;
                if (_assemblyLeft == 0)
                {
                    FinishAssembly();
                }
            }

            return _result;
        }

        /// <summary>
        /// Ends the bundle: Ok if every byte was there and matched, and then <paramref name="digest"/> (32 bytes at
        /// <paramref name="digestOffset"/>) holds the SHA-256 of the whole bundle.
        /// </summary>
        public BundleResult Finish(byte[] digest, int digestOffset)
        {
            if (_result != BundleResult.Partial)
            {
                return _result;
            }

            if (!_manifestRead || _assembly < _manifest.AssemblyCount)
            {
                _result = BundleResult.LengthMismatch; // cut short
                return _result;
            }

            _whole.Final(_digest, 0);
            System.Array.Copy(_digest, 0, digest, digestOffset, Sha256.DigestSize);
            _result = BundleResult.Ok;
            return _result;
        }

        private int TakeFront(byte[] data, int at, int end)
        {
            int want = _frontNeeded - _frontLength;
            int take = end - at < want ? end - at : want;
            System.Array.Copy(data, at, _front, _frontLength, take);
            _frontLength += take;
            _position += take;
            at += take;
            if (_frontLength < _frontNeeded)
            {
                return at;
            }

            if (_frontNeeded == BundleManifest.HeaderSize)
            {
                int manifestLength;
                BundleResult header = BundleManifest.ReadHeader(_front, 0, _frontLength, out manifestLength);
                if (header != BundleResult.Ok)
                {
                    _result = header;
                    return at;
                }

                _frontNeeded = BundleManifest.HeaderSize + manifestLength;
                return at;
            }

            BundleResult parsed = _manifest.Parse(_front, 0, _frontLength);
            if (parsed != BundleResult.Ok)
            {
                _result = parsed;
                return at;
            }

            _manifestRead = true;
            _assembly = 0;
            _assemblyLeft = _manifest.Sizes[0];
            _part.Reset();
            return at;
        }

        private void FinishAssembly()
        {
            _part.Final(_digest, 0);
            int baseIndex = _assembly * 32;
            for (int i = 0; i < 32; i++)
            {
                if (_digest[i] != _manifest.Hashes[baseIndex + i])
                {
                    FailedAssembly = _assembly;
                    _result = BundleResult.HashMismatch;
                    return;
                }
            }

            _assembly++;
            _part.Reset();
            _assemblyLeft = _assembly < _manifest.AssemblyCount ? _manifest.Sizes[_assembly] : 0;
        }
    }
}
