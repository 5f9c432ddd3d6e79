using System;
using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using NfDevice.Benchmarks.OpCounts;
using NfDevice.Jobs.Crypto;
using Org.BouncyCastle.Asn1.Nist;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.EC;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace NfDevice.Benchmarks
{
    /// <summary>
    /// The core's managed crypto against .NET's native implementations (OpenSSL on Linux) and against
    /// BouncyCastle's managed code (the peer a .NET user would reach for) on the same machine. Each category has
    /// the native call as its baseline, so the Ratio column reads "time / native time"; the IL/op and calls/op
    /// columns count the core's or BouncyCastle's executed IL (OpCounts/), the figure that matters on an interpreter.
    /// Run: dotnet run -c Release --project tests/NfDevice.Benchmarks -- --filter '*Crypto*' --job short
    /// Field multiplications per ECDSA verify are printed by the global setup ("// P-256 field multiplications per verify: N").
    /// </summary>
    [MemoryDiagnoser]
    [OpCountColumns]
    [GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
    [CategoriesColumn]
    public class CryptoBenchmarks
    {
        private const int HashBytes = 64 * 1024;

        private readonly byte[] _data = new byte[HashBytes];
        private readonly byte[] _digestOut = new byte[32];
        private readonly Sha256 _sha = new Sha256();
        private readonly SHA256 _nativeSha = SHA256.Create();
        private readonly EcdsaP256Verifier _ecdsa = new EcdsaP256Verifier();
        private readonly RsaVerifier _rsa = new RsaVerifier();
        private ECDsa _nativeEcdsa;
        private RSA _nativeRsa;
        private byte[] _digest;
        private byte[] _ecdsaSignature;
        private byte[] _rsaSignature;
        private byte[] _ecdsaPoint;
        private readonly EcdsaP256Verifier _keyLoader = new EcdsaP256Verifier();
        private ECParameters _ecdsaParameters;
        private byte[] _ecdsaSpki;
        private CodeSigningVerifier _codeSigning;

        // BouncyCastle: P-256 on its optimised curve (SecP256R1Curve, what PublicKeyFactory picks for the OID).
        private static readonly X9ECParameters BcP256 = CustomNamedCurves.GetByName("P-256");
        private readonly ECDomainParameters _bcDomain = new ECDomainParameters(BcP256);
        private readonly Sha256Digest _bcSha = new Sha256Digest();
        private ECDsaSigner _bcEcdsa;
        private RsaDigestSigner _bcRsa;

        /// <summary>Keys, signatures and the multiplication count.</summary>
        [GlobalSetup]
        public void Setup()
        {
            new Random(42).NextBytes(_data);
            _digest = SHA256.HashData(_data);

            _nativeEcdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            ECParameters q = _nativeEcdsa.ExportParameters(false);
            byte[] point = new byte[65];
            point[0] = 4;
            q.Q.X.CopyTo(point, 1);
            q.Q.Y.CopyTo(point, 33);
            _ecdsa.SetPublicKey(point, 0, point.Length);
            _ecdsaPoint = point;
            _ecdsaParameters = q;
            _ecdsaSignature = _nativeEcdsa.SignHash(_digest, DSASignatureFormat.Rfc3279DerSequence);
            _ecdsaSpki = _nativeEcdsa.ExportSubjectPublicKeyInfo();
            _codeSigning = new CodeSigningVerifier(_ecdsaSpki, 0, _ecdsaSpki.Length);

            _nativeRsa = RSA.Create(2048);
            RSAParameters p = _nativeRsa.ExportParameters(false);
            _rsa.SetPublicKey(p.Modulus, 0, p.Modulus.Length, p.Exponent, 0, p.Exponent.Length);
            _rsaSignature = _nativeRsa.SignHash(_digest, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

            _bcEcdsa = new ECDsaSigner();
            _bcEcdsa.Init(false, BcEcdsaKey());
            _bcRsa = new RsaDigestSigner(new NullDigest(), NistObjectIdentifiers.IdSha256);
            _bcRsa.Init(false, new RsaKeyParameters(false, new BcBigInteger(1, p.Modulus), new BcBigInteger(1, p.Exponent)));

            if (EcdsaManaged() != VerifyResult.Valid || RsaManaged() != VerifyResult.Valid || !EcdsaBouncyCastle() || !RsaBouncyCastle()
                || EcdsaKeyLoadManaged() != VerifyResult.Valid || CodeSigningJobVerify() != VerifyResult.Valid
                || CodeSigningBootLoad().Status != CryptoStatus.Ok || !Sha256BouncyCastle() || _digestOut[0] != _digest[0])
            {
                throw new InvalidOperationException("managed verify failed in setup");
            }

            P256Field.ResetCount();
            EcdsaManaged();
            Console.WriteLine("// P-256 field multiplications per verify: " + P256Field.MultiplyCount + " (of which squarings: " + P256Field.SquareCount + ")");
        }

        /// <summary>Releases the native keys.</summary>
        [GlobalCleanup]
        public void Cleanup()
        {
            _nativeEcdsa.Dispose();
            _nativeRsa.Dispose();
            _nativeSha.Dispose();
        }

        /// <summary>Native ECDSA P-256 verify of a DER signature over a SHA-256 digest.</summary>
        [Benchmark(Baseline = true), BenchmarkCategory("EcdsaP256Verify")]
        public bool EcdsaNative() => _nativeEcdsa.VerifyHash(_digest, _ecdsaSignature, DSASignatureFormat.Rfc3279DerSequence);

        /// <summary>Managed ECDSA P-256 verify of the same signature.</summary>
        [Benchmark, BenchmarkCategory("EcdsaP256Verify")]
        public VerifyResult EcdsaManaged() => _ecdsa.Verify(_digest, 0, 32, _ecdsaSignature, 0, _ecdsaSignature.Length, SignatureFormat.Der);

        /// <summary>BouncyCastle ECDSA verify of the same DER signature (decoding included, as in the core's).</summary>
        [Benchmark, BenchmarkCategory("EcdsaP256Verify")]
        public bool EcdsaBouncyCastle()
        {
            BcBigInteger[] rs = StandardDsaEncoding.Instance.Decode(_bcDomain.N, _ecdsaSignature);
            return _bcEcdsa.VerifySignature(_digest, rs[0], rs[1]);
        }

        /// <summary>
        /// What the device's update pipeline pays once per job for an ECDSA signature: <see cref="CodeSigningVerifier.Verify"/>
        /// builds an EcdsaP256Verifier (G's comb table copied from constants, Q's built), verifies, and drops it (nothing stays between jobs).
        /// </summary>
        [Benchmark, BenchmarkCategory("EcdsaP256Verify")]
        public VerifyResult CodeSigningJobVerify() => _codeSigning.Verify(_digest, _ecdsaSignature, 0, _ecdsaSignature.Length, SignatureFormat.Der);

        /// <summary>Native key import of the public point.</summary>
        [Benchmark(Baseline = true), BenchmarkCategory("EcdsaP256KeyLoad")]
        public int EcdsaKeyLoadNative()
        {
            using ECDsa key = ECDsa.Create(_ecdsaParameters);
            return key.KeySize;
        }

        /// <summary>
        /// Managed key load: on-curve check and Q's comb table (what the device does with the code-signing
        /// certificate's key).
        /// </summary>
        [Benchmark, BenchmarkCategory("EcdsaP256KeyLoad")]
        public VerifyResult EcdsaKeyLoadManaged() => _keyLoader.SetPublicKey(_ecdsaPoint, 0, _ecdsaPoint.Length);

        /// <summary>What the device pays at boot for the code-signing key: the SubjectPublicKeyInfo read and the point checked on the curve, no table.</summary>
        [Benchmark, BenchmarkCategory("EcdsaP256KeyLoad")]
        public CodeSigningVerifier CodeSigningBootLoad() => new CodeSigningVerifier(_ecdsaSpki, 0, _ecdsaSpki.Length);

        /// <summary>BouncyCastle key load: point decoding and validation (its tables are built lazily, at the first verify).</summary>
        [Benchmark, BenchmarkCategory("EcdsaP256KeyLoad")]
        public bool EcdsaKeyLoadBouncyCastle() => BcEcdsaKey().Q.IsValid();

        private ECPublicKeyParameters BcEcdsaKey() => new ECPublicKeyParameters(BcP256.Curve.DecodePoint(_ecdsaPoint), _bcDomain);

        /// <summary>Native SHA-256 over 64 KB.</summary>
        [Benchmark(Baseline = true), BenchmarkCategory("Sha256_64KB")]
        public bool Sha256Native() => _nativeSha.TryComputeHash(_data, _digestOut, out _);

        /// <summary>Managed SHA-256 over 64 KB.</summary>
        [Benchmark, BenchmarkCategory("Sha256_64KB")]
        public bool Sha256Managed() => _sha.ComputeHash(_data, 0, _data.Length, _digestOut, 0);

        /// <summary>BouncyCastle SHA-256 over 64 KB.</summary>
        [Benchmark, BenchmarkCategory("Sha256_64KB")]
        public bool Sha256BouncyCastle()
        {
            _bcSha.BlockUpdate(_data, 0, _data.Length);
            return _bcSha.DoFinal(_digestOut, 0) == 32;
        }

        /// <summary>Native RSA-2048 PKCS#1 v1.5 SHA-256 verify.</summary>
        [Benchmark(Baseline = true), BenchmarkCategory("Rsa2048Verify")]
        public bool RsaNative() => _nativeRsa.VerifyHash(_digest, _rsaSignature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

        /// <summary>Managed RSA-2048 PKCS#1 v1.5 SHA-256 verify.</summary>
        [Benchmark, BenchmarkCategory("Rsa2048Verify")]
        public VerifyResult RsaManaged() => _rsa.Verify(_digest, 0, _rsaSignature, 0, _rsaSignature.Length);

        /// <summary>BouncyCastle RSA-2048 PKCS#1 v1.5 verify of the same digest (a NullDigest passes the digest through).</summary>
        [Benchmark, BenchmarkCategory("Rsa2048Verify")]
        public bool RsaBouncyCastle()
        {
            _bcRsa.BlockUpdate(_digest, 0, _digest.Length);
            return _bcRsa.VerifySignature(_rsaSignature);
        }
    }
}
