using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Cloud.Aws;
using NfDevice.Cloud.Iam;

namespace NfDevice.Cloud.Tests
{
    /// <summary>IAM's query API over HTTP: the calls the AWS CLI makes to set up a presign role.</summary>
    [TestClass]
    public sealed class IamEndpointTests
    {
        private static async Task<HttpResponseMessage> CallAsync(HttpClient http, Uri url, AwsCredential cred, params (string, string)[] form)
        {
            var pairs = new List<KeyValuePair<string, string>> { new("Version", "2010-05-08") };
            foreach (var (k, v) in form) pairs.Add(new(k, v));
            byte[] body = await new FormUrlEncodedContent(pairs).ReadAsByteArrayAsync();
            var msg = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
            msg.Content.Headers.TryAddWithoutValidation("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
            SigV4Signer.Sign(msg, cred, "us-east-1", "iam", DateTimeOffset.UtcNow, body);
            return await http.SendAsync(msg);
        }

        [TestMethod]
        public async Task CreateRole_PutRolePolicy_GetRole_GetRolePolicy_OverQueryProtocol()
        {
            var creds = new AwsCredentialStore();
            AwsCredential admin = creds.CreateLongTerm();
            var iam = new IamStore();
            await using var server = await LoopbackHttpServer.StartAsync(new IamEndpoint(iam, new SigV4Verifier(creds)).HandleAsync);
            using var http = new HttpClient();

            var created = await CallAsync(http, server.BaseUri, admin, ("Action", "CreateRole"), ("RoleName", "iot-presign"), ("AssumeRolePolicyDocument", IamPolicyTests.IotTrust));
            string xml = await created.Content.ReadAsStringAsync();
            Assert.AreEqual(HttpStatusCode.OK, created.StatusCode, xml);
            StringAssert.StartsWith(xml, "<CreateRoleResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">");
            StringAssert.Contains(xml, "<Arn>arn:aws:iam::123456789012:role/iot-presign</Arn>");
            StringAssert.Contains(xml, "<AssumeRolePolicyDocument>" + Uri.EscapeDataString(IamPolicyTests.IotTrust) + "</AssumeRolePolicyDocument>");

            Assert.AreEqual(HttpStatusCode.OK, (await CallAsync(http, server.BaseUri, admin, ("Action", "PutRolePolicy"), ("RoleName", "iot-presign"),
                ("PolicyName", "get"), ("PolicyDocument", IamPolicyTests.GetObjectFw))).StatusCode);
            StringAssert.Contains(await (await CallAsync(http, server.BaseUri, admin, ("Action", "GetRolePolicy"), ("RoleName", "iot-presign"), ("PolicyName", "get")))
                .Content.ReadAsStringAsync(), "<PolicyDocument>" + Uri.EscapeDataString(IamPolicyTests.GetObjectFw).Replace("&", "&amp;") + "</PolicyDocument>");
            Assert.IsTrue(iam.CanIotPresign("arn:aws:iam::123456789012:role/iot-presign", "fw-bucket", "img.bin").Ok);

            var missing = await CallAsync(http, server.BaseUri, admin, ("Action", "GetRole"), ("RoleName", "nope"));
            Assert.AreEqual(HttpStatusCode.NotFound, missing.StatusCode);
            StringAssert.Contains(await missing.Content.ReadAsStringAsync(), "<Type>Sender</Type>\n    <Code>NoSuchEntity</Code>\n    <Message>The role with name nope cannot be found.</Message>");

            var unsigned = await http.PostAsync(server.BaseUri, new StringContent("Action=GetRole&RoleName=x", Encoding.UTF8, "application/x-www-form-urlencoded"));
            Assert.AreEqual(HttpStatusCode.Forbidden, unsigned.StatusCode);
            StringAssert.Contains(await unsigned.Content.ReadAsStringAsync(), "<Code>MissingAuthenticationToken</Code>");
        }
    }
}
