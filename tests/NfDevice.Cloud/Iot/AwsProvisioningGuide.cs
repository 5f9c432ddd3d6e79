using System.Text;

namespace NfDevice.Cloud.Iot
{
    /// <summary>
    /// `nfcloud provision --aws`: the AWS CLI steps that give a thing on real AWS IoT the same bundle the emulator
    /// writes (certificate, key, root CA, code-signing certificate) plus the role for presigned URLs.
    /// </summary>
    public static class AwsProvisioningGuide
    {
        /// <summary>Placeholder for the account's ATS endpoint in nfdevice.json (`aws iot describe-endpoint`).</summary>
        public const string EndpointPlaceholder = "REPLACE-WITH-ats-endpoint.iot.REGION.amazonaws.com";

        /// <summary>The commands, for a POSIX shell, run from any directory; files land in <paramref name="outDir"/>.</summary>
        public static string Steps(string thing, string outDir, string signingProfile, string bucket = "REPLACE-WITH-firmware-bucket")
        {
            string d = outDir.TrimEnd('/');
            string policy = thing + "-policy";
            var sb = new StringBuilder();
            sb.AppendLine("# 1. The thing, its certificate and key (the key is shown once: keep the file).");
            sb.AppendLine($"aws iot create-thing --thing-name {thing}");
            sb.AppendLine($"CERT_ARN=$(aws iot create-keys-and-certificate --set-as-active \\");
            sb.AppendLine($"  --certificate-pem-outfile {d}/{Provisioning.CertificateFile} \\");
            sb.AppendLine($"  --private-key-outfile {d}/{Provisioning.PrivateKeyFile} \\");
            sb.AppendLine("  --query certificateArn --output text)");
            sb.AppendLine($"aws iot attach-thing-principal --thing-name {thing} --principal \"$CERT_ARN\"");
            sb.AppendLine();
            sb.AppendLine("# 2. An IoT policy limited to this thing: connect as itself, Jobs topics of its own only.");
            sb.AppendLine("ACCOUNT=$(aws sts get-caller-identity --query Account --output text)");
            sb.AppendLine("REGION=$(aws configure get region)");
            sb.AppendLine($"cat > {d}/iot-policy.json <<EOF");
            sb.AppendLine("{\"Version\":\"2012-10-17\",\"Statement\":[");
            sb.AppendLine($" {{\"Effect\":\"Allow\",\"Action\":\"iot:Connect\",\"Resource\":\"arn:aws:iot:$REGION:$ACCOUNT:client/{thing}\"}},");
            sb.AppendLine($" {{\"Effect\":\"Allow\",\"Action\":[\"iot:Publish\",\"iot:Receive\"],\"Resource\":\"arn:aws:iot:$REGION:$ACCOUNT:topic/\\$aws/things/{thing}/jobs/*\"}},");
            sb.AppendLine($" {{\"Effect\":\"Allow\",\"Action\":\"iot:Subscribe\",\"Resource\":\"arn:aws:iot:$REGION:$ACCOUNT:topicfilter/\\$aws/things/{thing}/jobs/*\"}}]}}");
            sb.AppendLine("EOF");
            sb.AppendLine($"aws iot create-policy --policy-name {policy} --policy-document file://{d}/iot-policy.json");
            sb.AppendLine($"aws iot attach-policy --policy-name {policy} --target \"$CERT_ARN\"");
            sb.AppendLine();
            sb.AppendLine("# 3. Root CA: Amazon Root CA 1 (RSA 2048) for the ATS endpoint, from https://www.amazontrust.com/repository/AmazonRootCA1.pem");
            sb.AppendLine($"curl -o {d}/{Provisioning.RootCaFile} https://www.amazontrust.com/repository/AmazonRootCA1.pem");
            sb.AppendLine("#    and the endpoint for nfdevice.json:");
            sb.AppendLine("aws iot describe-endpoint --endpoint-type iot:Data-ATS --query endpointAddress --output text");
            sb.AppendLine();
            sb.AppendLine("# 4. Code signing: a Signer profile with an ACM code-signing certificate (ECDSA P-256) you imported;");
            sb.AppendLine($"#    its certificate body goes to the device as {Provisioning.CodeSigningCertificateFile}.");
            sb.AppendLine($"aws signer put-signing-profile --profile-name {signingProfile} --platform-id AWSIoTDeviceManagement-SHA256-ECDSA \\");
            sb.AppendLine("  --signing-material certificateArn=REPLACE-WITH-acm-certificate-arn");
            sb.AppendLine($"aws acm get-certificate --certificate-arn REPLACE-WITH-acm-certificate-arn --query Certificate --output text > {d}/{Provisioning.CodeSigningCertificateFile}");
            sb.AppendLine();
            sb.AppendLine("# 5. The role AWS IoT assumes to presign image URLs (the two policy documents of the AWS guide).");
            sb.AppendLine($"aws iam create-role --role-name nfdevice-firmware-read --assume-role-policy-document '{Emulator.PresignTrustPolicy}'");
            sb.AppendLine($"aws iam put-role-policy --role-name nfdevice-firmware-read --policy-name nfdevice-firmware-read --policy-document '{Emulator.PresignPermissionPolicy(bucket)}'");
            sb.AppendLine();
            sb.AppendLine($"# 6. Edit {d}/{Provisioning.SettingsFile}: endpoint (step 3), wifiSsid, wifiPassword.");
            return sb.ToString();
        }
    }
}
