using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Cloud.Jobs;
using NfDevice.Cloud.Tests.Conformance;
using NfDevice.Cloud.Tests.Support;
using NfDevice.Desktop.Update;
using NfDevice.Jobs.Crypto;

namespace NfDevice.Cloud.Tests.Docs
{
    /// <summary>
    /// hardware/README.md's AWS section, as far as it runs without an AWS account: the code-signing certificate its
    /// openssl lines make is one the agent verifies firmware with, and its IAM lines with the repository's policy
    /// files are accepted by IAM (the emulator's, the `aws` calls routed to it).
    /// </summary>
    [TestClass]
    public sealed class HardwareReadmeTests
    {
        private static string Block(string heading) => "```\n" + AwsCliV2.ShellBlockAfter(ReadmeCommands.Read("hardware/README.md"), heading) + "```\n";

        [TestMethod]
        [Timeout(5 * 60 * 1000)]
        public async Task CodeSigningOpensslLines_MakeACertificateTheAgentVerifiesSignaturesWith()
        {
            var openssl = ReadmeCommands.FencedLines(Block("**Code-signing certificate**")).Where(l => l.StartsWith("openssl ", StringComparison.Ordinal)).ToList();
            Assert.AreEqual(2, openssl.Count, string.Join("\n", openssl));
            string dir = ReadmeCommands.TempDir("codesign");
            try
            {
                byte[] image = RandomNumberGenerator.GetBytes(4000);
                File.WriteAllBytes(Path.Combine(dir, "app.bin"), image);
                // As written, then a signature over the image with the key they made (what AWS Signer does with it).
                string script = "set -euo pipefail\n" + string.Join("\n", openssl) + "\nopenssl dgst -sha256 -sign code-signing.key -out app.sig app.bin\n";
                var (exit, output) = await AwsCliV2.RunAsync(script, dir, TimeSpan.FromMinutes(2));
                Assert.AreEqual(0, exit, output);

                CodeSigningVerifier verifier = DesktopFirmware.LoadVerifier(Path.Combine(dir, "code-signing.cert.pem"), null);
                Assert.IsNotNull(verifier, "the agent refuses the README's code-signing certificate");
                Assert.AreEqual(PublicKeyType.EcP256, verifier.KeyType);
                byte[] signature = File.ReadAllBytes(Path.Combine(dir, "app.sig"));
                Assert.AreEqual(VerifyResult.Valid, verifier.Verify(SHA256.HashData(image), signature, 0, signature.Length, SignatureFormat.Der));
                image[0] ^= 1;
                Assert.AreNotEqual(VerifyResult.Valid, verifier.Verify(SHA256.HashData(image), signature, 0, signature.Length, SignatureFormat.Der));
            }
            finally { try { Directory.Delete(dir, true); } catch (IOException) { } }
        }

        [TestMethod]
        [Timeout(10 * 60 * 1000)]
        public async Task PresignRoleLines_WithTheRepositorysPolicyFiles_AreAcceptedByIam()
        {
            AwsCliV2.Require();
            var lines = ReadmeCommands.FencedLines(Block("**Role for presigned URLs.**")).Where(l => l.StartsWith("aws iam ", StringComparison.Ordinal)).ToList();
            Assert.AreEqual(2, lines.Count, string.Join("\n", lines));
            await using var emu = await TestEmulator.StartAsync(o => o.Clock = new SystemClock());
            string dir = ReadmeCommands.TempDir("iam");
            try
            {
                // The lines name the policy files relative to the repository root; `aws` goes to the emulator, not AWS.
                File.CreateSymbolicLink(Path.Combine(dir, "hardware"), Path.Combine(ReadmeCommands.RepoRoot, "hardware"));
                string script = "set -euo pipefail\nexport AWS_ACCESS_KEY_ID=" + emu.Emulator.Options.AccessKeyId + " AWS_SECRET_ACCESS_KEY=" + emu.Emulator.Options.SecretAccessKey
                    + " AWS_DEFAULT_REGION=us-east-1\naws() { /usr/bin/aws \"$@\" --endpoint-url " + emu.Emulator.HttpEndpoint + "; }\n"
                    + string.Join("\n", lines) + "\n"
                    + "aws iam get-role --role-name nfdevice-presign --query Role.AssumeRolePolicyDocument --output json\n"
                    + "aws iam get-role-policy --role-name nfdevice-presign --policy-name s3-read-firmware --query PolicyDocument --output json\n";
                var (exit, output) = await AwsCliV2.RunAsync(script, dir, TimeSpan.FromMinutes(5));

                Assert.AreEqual(0, exit, output);
                StringAssert.Contains(output, "iot.amazonaws.com", "the trust policy of hardware/aws");
                StringAssert.Contains(output, "arn:aws:s3:::MY-FIRMWARE-BUCKET/*", "the permission policy of hardware/aws");
            }
            finally { try { Directory.Delete(dir, true); } catch (IOException) { } }
        }
    }
}
