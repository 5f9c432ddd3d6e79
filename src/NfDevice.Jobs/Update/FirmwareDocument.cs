using NfDevice.Jobs.Json;
using NfDevice.Jobs.Platform;

namespace NfDevice.Jobs.Update
{
    /// <summary>How the image's signature is encoded and with which key type it verifies.</summary>
    public enum SignatureKind
    {
        /// <summary>No signature in the document.</summary>
        None = 0,
        /// <summary>SHA256withECDSA, base64 of the DER ECDSA-Sig-Value (AWS Signer, FreeRTOS sig-sha256-ecdsa).</summary>
        EcdsaSha256 = 1,
        /// <summary>SHA256withRSA, base64 of the PKCS#1 v1.5 signature (FreeRTOS sig-sha256-rsa).</summary>
        RsaSha256 = 2,
    }

    /// <summary>
    /// A firmware job document, read from either of the two formats the agent runs:
    /// nf-device's own (<c>"operation":"firmware-update"</c>, documented in README.md) or a FreeRTOS
    /// <c>afr_ota</c> document with protocol HTTP (reference §6). Parsed once per delivery; the URL
    /// changes every delivery (a fresh presigned URL), the rest identifies the image.
    /// </summary>
    public sealed class FirmwareDocument
    {
        /// <summary>The <c>operation</c> value of nf-device's firmware document.</summary>
        public const string Operation = "firmware-update";

        /// <summary>Largest image the agent accepts (16 MB: the biggest ESP32 flash; AmazonFreeRTOS-Default allows 16 MB too).</summary>
        public const long MaxImageSize = 16L * 1024 * 1024;

        /// <summary>Presigned S3 URL of the image (placeholder already resolved by AWS IoT).</summary>
        public string Url;

        /// <summary>Image size in bytes.</summary>
        public long Size;

        /// <summary>Version of the image ("1.4.2"); null for afr_ota documents, which carry none.</summary>
        public string Version;

        /// <summary>Which image the update replaces.</summary>
        public ImageKind Target;

        /// <summary>True if the document allows installing a version not newer than the running one.</summary>
        public bool AllowDowngrade;

        /// <summary>Base64 signature text as in the document.</summary>
        public string Signature;

        /// <summary>Algorithm of <see cref="Signature"/>.</summary>
        public SignatureKind SignatureKind;

        /// <summary>rawPayloadSize of the codesign object, or -1 when absent (afr_ota).</summary>
        public long RawPayloadSize;

        /// <summary>True if the document came in FreeRTOS afr_ota form.</summary>
        public bool IsFreeRtos;

        /// <summary>What was wrong when <see cref="Parse"/> returned false (for the log and statusDetails).</summary>
        public string Problem;

        /// <summary>True if <paramref name="document"/> looks like a firmware document (either format), without validating it.</summary>
        public static bool IsFirmwareDocument(byte[] document, int offset, int count)
        {
            int vo;
            int vl;
            JsonValueType type;
            if (JsonScanner.Find(document, offset, count, "afr_ota", out vo, out vl, out type) == JsonResult.Success)
            {
                return true;
            }

            return JsonScanner.Find(document, offset, count, "operation", out vo, out vl, out type) == JsonResult.Success
                && type == JsonValueType.String
                && JsonReader.StringEquals(document, vo, vl, Operation);
        }

        /// <summary>Reads the document; false with <see cref="Problem"/> set if it cannot be run.</summary>
        public bool Parse(byte[] document, int offset, int count)
        {
            Url = null;
            Size = 0;
            Version = null;
            Target = ImageKind.Deployment;
            AllowDowngrade = false;
            Signature = null;
            SignatureKind = SignatureKind.None;
            RawPayloadSize = -1;
            IsFreeRtos = false;
            Problem = null;

            int vo;
            int vl;
            JsonValueType type;
            if (JsonScanner.Find(document, offset, count, "afr_ota", out vo, out vl, out type) == JsonResult.Success)
            {
                IsFreeRtos = true;
                return ParseFreeRtos(document, offset, count);
            }

            return ParseNfDevice(document, offset, count);
        }

        private bool ParseNfDevice(byte[] d, int offset, int count)
        {
            string operation;
            if (JsonReader.FindString(d, offset, count, "operation", out operation) != JsonResult.Success || operation != Operation)
            {
                return Fail("operation is not " + Operation);
            }

            if (JsonReader.FindString(d, offset, count, "version", out Version) != JsonResult.Success || !FirmwareVersion.IsValid(Version))
            {
                return Fail("version missing or not a dotted number");
            }

            string target;
            JsonResult r = JsonReader.FindString(d, offset, count, "target", out target);
            if (r == JsonResult.Success)
            {
                if (target == "deployment")
                {
                    Target = ImageKind.Deployment;
                }
                else if (target == "nanoclr")
                {
                    Target = ImageKind.NanoClr;
                }
                else if (target == "application")
                {
                    Target = ImageKind.Application;
                }
                else
                {
                    return Fail("target must be deployment, nanoclr or application");
                }
            }
            else if (r != JsonResult.NotFound)
            {
                return Fail("target is not a string");
            }

            r = JsonReader.FindBoolean(d, offset, count, "allowDowngrade", out AllowDowngrade);
            if (r != JsonResult.Success && r != JsonResult.NotFound)
            {
                return Fail("allowDowngrade is not a boolean");
            }

            if (JsonReader.FindString(d, offset, count, "image.url", out Url) != JsonResult.Success)
            {
                return Fail("image.url missing");
            }

            if (JsonReader.FindInt64(d, offset, count, "image.size", out Size) != JsonResult.Success)
            {
                return Fail("image.size missing");
            }

            if (JsonReader.FindInt64(d, offset, count, "codesign.rawPayloadSize", out RawPayloadSize) != JsonResult.Success)
            {
                return Fail("codesign.rawPayloadSize missing");
            }

            if (JsonReader.FindString(d, offset, count, "codesign.signature", out Signature) != JsonResult.Success)
            {
                return Fail("codesign.signature missing");
            }

            string algorithm;
            if (JsonReader.FindString(d, offset, count, "codesign.signatureAlgorithm", out algorithm) != JsonResult.Success)
            {
                return Fail("codesign.signatureAlgorithm missing");
            }

            if (algorithm == "SHA256withECDSA")
            {
                SignatureKind = SignatureKind.EcdsaSha256;
            }
            else if (algorithm == "SHA256withRSA")
            {
                SignatureKind = SignatureKind.RsaSha256;
            }
            else
            {
                return Fail("unsupported signatureAlgorithm " + algorithm);
            }

            return CheckCommon();
        }

        private bool ParseFreeRtos(byte[] d, int offset, int count)
        {
            // Reference §6: protocols must include HTTP for a presigned download; MQTT streams are not supported.
            int po;
            int pl;
            JsonValueType type;
            if (JsonScanner.Find(d, offset, count, "afr_ota.protocols", out po, out pl, out type) != JsonResult.Success || type != JsonValueType.Array)
            {
                return Fail("afr_ota.protocols missing");
            }

            bool http = false;
            int cursor = po;
            int ko;
            int kl;
            int eo;
            int el;
            while (JsonScanner.Iterate(d, po, pl, ref cursor, out ko, out kl, out eo, out el, out type) == JsonResult.Success)
            {
                if (type == JsonValueType.String && JsonReader.StringEquals(d, eo, el, "HTTP"))
                {
                    http = true;
                }
            }

            if (!http)
            {
                return Fail("afr_ota without HTTP protocol (MQTT streams are not supported)");
            }

            if (JsonReader.FindInt64(d, offset, count, "afr_ota.files[0].filesize", out Size) != JsonResult.Success)
            {
                string text;
                if (JsonReader.FindString(d, offset, count, "afr_ota.files[0].filesize", out text) != JsonResult.Success || !ParseDigits(text, out Size))
                {
                    return Fail("afr_ota.files[0].filesize missing");
                }
            }

            if (JsonReader.FindString(d, offset, count, "afr_ota.files[0].update_data_url", out Url) != JsonResult.Success)
            {
                return Fail("afr_ota.files[0].update_data_url missing");
            }

            if (JsonReader.FindString(d, offset, count, "afr_ota.files[0].sig-sha256-ecdsa", out Signature) == JsonResult.Success)
            {
                SignatureKind = SignatureKind.EcdsaSha256;
            }
            else if (JsonReader.FindString(d, offset, count, "afr_ota.files[0].sig-sha256-rsa", out Signature) == JsonResult.Success)
            {
                SignatureKind = SignatureKind.RsaSha256;
            }
            else
            {
                return Fail("afr_ota.files[0] has no sig-sha256-ecdsa or sig-sha256-rsa");
            }

            long fileType;
            if (JsonReader.FindInt64(d, offset, count, "afr_ota.files[0].fileType", out fileType) == JsonResult.Success && fileType == 1)
            {
                Target = ImageKind.NanoClr;
            }

            AllowDowngrade = true; // afr_ota carries no version; the self-test checks the result instead
            return CheckCommon();
        }

        private bool CheckCommon()
        {
            if (Size <= 0 || Size > MaxImageSize)
            {
                return Fail("image size out of range");
            }

            if (RawPayloadSize >= 0 && RawPayloadSize != Size)
            {
                return Fail("rawPayloadSize differs from image size");
            }

            if (Url.Length < 8 || !(Url.StartsWith("https://") || Url.StartsWith("http://")))
            {
                return Fail("image URL is not http(s)");
            }

            if (Url.IndexOf("${") >= 0)
            {
                return Fail("image URL placeholder was not resolved");
            }

            if (Signature.Length == 0)
            {
                return Fail("empty signature");
            }

            return true;
        }

        private static bool ParseDigits(string text, out long value)
        {
            value = 0;
            if (text == null || text.Length == 0 || text.Length > 10)
            {
                return false;
            }

            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c < '0' || c > '9')
                {
                    return false;
                }

                value = (value * 10) + (c - '0');
            }

            return true;
        }

        private bool Fail(string problem)
        {
            Problem = problem;
            return false;
        }
    }
}
