using System;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Jobs.Crypto;
using NfDevice.Jobs.Platform;
using NfDevice.Jobs.Tests.Engine;
using NfDevice.Jobs.Tests.Fakes;
using NfDevice.Jobs.Tests.Update;
using NfDevice.Jobs.Update;

namespace NfDevice.Jobs.Tests.Net.Update
{
    /// <summary>The real engine and firmware handler on the fake cloud with an in-memory slot, real ECDSA signatures.</summary>
    internal sealed class FirmwareJobRig : IDisposable
    {
        public readonly EngineHarness H = new EngineHarness();
        public readonly FakeCloud Cloud;
        public readonly MemorySlot Slot = new MemorySlot();
        public KillingSlot Killer;
        public FakeHealth Health = new FakeHealth();
        public readonly ECDsa Key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        public FakeRangedHttp Http;
        public byte[] Image;
        public byte[] CertificatePem;

        /// <summary>One buffer for the download's chunks and the engine's requests, as the ESP32 composes them.</summary>
        public readonly byte[] WorkBuffer = new byte[4096];

        /// <summary>The handler registered last, and its download.</summary>
        public FirmwareUpdateHandler Handler;
        public FirmwareDownload Download;

        public FirmwareJobRig()
        {
            Cloud = new FakeCloud(H.Mqtt);
            H.Options.StepIntervalMs = 10; // one chunk per 10 ms of fake time, so tests can stop mid-download
            H.Options.RequestBuffer = WorkBuffer;
            H.Restart();
            var request = new CertificateRequest("CN=code signing", Key, HashAlgorithmName.SHA256);
            using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            CertificatePem = Encoding.ASCII.GetBytes(cert.ExportCertificatePem());
            Image = new byte[70_000];
            new Random(7).NextBytes(Image);
            Http = new FakeRangedHttp(Image);
            Register();
        }

        public void Register()
        {
            Killer = new KillingSlot(Slot, this);
            var download = new FirmwareDownload(Http, Killer, H.Store, H.Clock, H.Random, H.Log, WorkBuffer, 16384, null);
            var handler = new FirmwareUpdateHandler(download, Killer, new CodeSigningVerifier(CertificatePem, 0, CertificatePem.Length), Health);
            Handler = handler;
            Download = download;
            H.Agent.Register(handler);
            H.Agent.RegisterFormat(handler);
        }

        public string Document(string version, byte[] signedBytes = null, string url = null)
        {
            string signature = Convert.ToBase64String(Key.SignData(signedBytes ?? Image, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
            return "{\"operation\":\"firmware-update\",\"version\":\"" + version + "\",\"image\":{\"url\":\"" + (url ?? Http.ValidUrl) + "\",\"size\":" + Image.Length
                + "},\"codesign\":{\"rawPayloadSize\":" + Image.Length + ",\"signature\":\"" + signature + "\",\"signatureAlgorithm\":\"SHA256withECDSA\"}}";
        }

        // Lets the cloud answer and time pass until the condition holds (bounded).
        public void DriveUntil(Func<bool> done, string what)
        {
            for (int i = 0; i < 20_000 && !done(); i++)
            {
                Cloud.Process();
                H.Advance(5);
            }

            Assert.IsTrue(done(), what + "\nrequests: " + string.Join(" ", Http.Requests.ToArray()) + "\n" + H.TraceText() + "\n" + string.Join("\n", H.Log.Lines.ToArray()));
        }

        /// <summary>Plays a killed process from now on: nothing more reaches the store or the cloud.</summary>
        public void Kill()
        {
            H.Store.Frozen = true;
            H.Mqtt.FailPublish = true;
        }

        /// <summary>The device comes back after a kill or a reboot: the bootloader step, then a fresh agent on the same store.</summary>
        public void RebootInto(string runningVersion)
        {
            H.Store.Frozen = false;
            H.Mqtt.FailPublish = false;
            Slot.Boot();
            H.Device.FirmwareVersion = runningVersion;
            H.Restart();
            Register();
            H.Connect();
        }

        public bool Published(string text)
        {
            for (int i = 0; i < H.Mqtt.Count; i++)
            {
                if (Encoding.UTF8.GetString(H.Mqtt.At(i).Bytes).Contains(text))
                {
                    return true;
                }
            }

            return false;
        }

        public void Dispose() => Key.Dispose();
    }

    /// <summary>The platform's self-test: passes unless told otherwise; <see cref="OnCheck"/> runs first (a kill in the self-test).</summary>
    internal sealed class FakeHealth : IHealthCheck
    {
        public string Problem;
        public Action OnCheck;

        public string Check()
        {
            OnCheck?.Invoke();
            return Problem;
        }
    }

    /// <summary>Thrown where a test kills the device.</summary>
    internal sealed class KilledException : Exception
    {
        public KilledException(string at) : base("killed after " + at) { }
    }

    /// <summary>
    /// Forwards to the memory slot; after the operation named in <see cref="KillAfter"/> succeeded, the device is
    /// killed there (store and cloud frozen, the handler unwound by an exception the engine cannot act on any more).
    /// </summary>
    internal sealed class KillingSlot : IFirmwareSlot
    {
        private readonly MemorySlot _slot;
        private readonly FirmwareJobRig _rig;

        public KillingSlot(MemorySlot slot, FirmwareJobRig rig)
        {
            _slot = slot;
            _rig = rig;
        }

        public string KillAfter;

        private T After<T>(string op, T result)
        {
            if (op == KillAfter)
            {
                KillAfter = null;
                _rig.Kill();
                throw new KilledException(op);
            }

            return result;
        }

        public SlotResult StartSession(ImageKind image, int totalLength) => After("StartSession", _slot.StartSession(image, totalLength));
        public SlotResult ResumeSession(ImageKind image, int totalLength, byte[] expectedHeader, int resumeAt) => After("ResumeSession", _slot.ResumeSession(image, totalLength, expectedHeader, resumeAt));
        public int NextOffset => _slot.NextOffset;
        public SlotResult StoreChunk(byte[] data, int offset, int count) => _slot.StoreChunk(data, offset, count);
        public SlotResult Flush() => _slot.Flush();
        public SlotResult Complete() => After("Complete", _slot.Complete());
        public SlotResult Abort(bool erase) => After("Abort", _slot.Abort(erase));
        public SlotStatus GetStatus(ImageKind image) => _slot.GetStatus(image);
        public bool Confirm() => After("Confirm", _slot.Confirm());
        public bool RequestRevert() => After("RequestRevert", _slot.RequestRevert());
    }
}
