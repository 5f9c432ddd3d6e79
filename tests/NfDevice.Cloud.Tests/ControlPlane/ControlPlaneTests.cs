using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Cloud.Iot;
using NfDevice.Cloud.Tests.Support;

namespace NfDevice.Cloud.Tests.ControlPlane
{
    [TestClass]
    public sealed class ControlPlaneTests
    {
        private static async Task<(HttpStatusCode Status, string ErrorType, JsonElement Json)> Send(HttpClient http, HttpMethod method, string path, string body = null, Action<HttpRequestMessage> tweak = null)
        {
            using var req = new HttpRequestMessage(method, path);
            if (body != null) req.Content = new StringContent(body, Encoding.UTF8, "application/json");
            tweak?.Invoke(req);
            using var resp = await http.SendAsync(req);
            string text = await resp.Content.ReadAsStringAsync();
            string type = resp.Headers.TryGetValues("x-amzn-ErrorType", out var v) ? v.First() : null;
            return (resp.StatusCode, type, Json.Parse(string.IsNullOrEmpty(text) ? "{}" : text));
        }

        [TestMethod]
        public async Task CreateAndDescribeThing_UseAwsShapes()
        {
            await using var emu = await TestEmulator.StartAsync();
            using var http = emu.SignedHttp();

            var created = await Send(http, HttpMethod.Post, "/things/dev-1", "{\"attributePayload\":{\"attributes\":{\"model\":\"esp32\"}}}");
            var described = await Send(http, HttpMethod.Get, "/things/dev-1");
            var listed = await Send(http, HttpMethod.Get, "/things");

            Assert.AreEqual(HttpStatusCode.OK, created.Status);
            Assert.AreEqual("thingArn,thingId,thingName", Json.Keys(created.Json));
            Assert.AreEqual("arn:aws:iot:us-east-1:123456789012:thing/dev-1", created.Json.GetProperty("thingArn").GetString());
            Assert.AreEqual("attributes,defaultClientId,thingArn,thingId,thingName,version", Json.Keys(described.Json));
            Assert.AreEqual("esp32", described.Json.GetProperty("attributes").GetProperty("model").GetString());
            Assert.AreEqual("dev-1", listed.Json.GetProperty("things")[0].GetProperty("thingName").GetString());
        }

        [TestMethod]
        public async Task Errors_UseErrorTypeHeaderStatusAndMessageBody()
        {
            await using var emu = await TestEmulator.StartAsync();
            using var http = emu.SignedHttp();

            var missing = await Send(http, HttpMethod.Get, "/things/nope");
            var badName = await Send(http, HttpMethod.Post, "/things/bad%20name", "{}");
            await Send(http, HttpMethod.Post, "/thing-groups/g1", "{}");
            var dupGroup = await Send(http, HttpMethod.Post, "/thing-groups/g1", "{}");
            var badJson = await Send(http, HttpMethod.Put, "/jobs/j1", "{nope");

            Assert.AreEqual(HttpStatusCode.NotFound, missing.Status);
            Assert.AreEqual("ResourceNotFoundException", missing.ErrorType);
            Assert.AreEqual("message", Json.Keys(missing.Json));
            Assert.AreEqual(HttpStatusCode.BadRequest, badName.Status);
            Assert.AreEqual("InvalidRequestException", badName.ErrorType);
            Assert.AreEqual(HttpStatusCode.Conflict, dupGroup.Status);
            Assert.AreEqual("ResourceAlreadyExistsException", dupGroup.ErrorType);
            Assert.AreEqual(HttpStatusCode.BadRequest, badJson.Status);
        }

        [TestMethod]
        public async Task UnsignedRequest_IsMissingAuthenticationToken()
        {
            await using var emu = await TestEmulator.StartAsync();
            using var http = new HttpClient { BaseAddress = new Uri(emu.Emulator.HttpEndpoint) };

            var r = await Send(http, HttpMethod.Get, "/things");

            Assert.AreEqual(HttpStatusCode.Forbidden, r.Status);
            Assert.AreEqual("MissingAuthenticationTokenException", r.ErrorType);
            Assert.AreEqual("Missing Authentication Token", r.Json.GetProperty("message").GetString());
        }

        [TestMethod]
        public async Task WrongSecret_IsInvalidSignature()
        {
            await using var emu = await TestEmulator.StartAsync();
            using var http = emu.SignedHttp(secret: "not-the-secret");

            var r = await Send(http, HttpMethod.Get, "/things");

            Assert.AreEqual(HttpStatusCode.Forbidden, r.Status);
            Assert.AreEqual("InvalidSignatureException", r.ErrorType);
            StringAssert.StartsWith(r.Json.GetProperty("message").GetString(), "The request signature we calculated does not match");
        }

        [TestMethod]
        public async Task TamperedBody_IsInvalidSignature()
        {
            await using var emu = await TestEmulator.StartAsync();
            using var http = new HttpClient(new TamperingHandler(new NfDevice.Cloud.Control.SigV4SigningHandler(emu.Emulator.Options.AccessKeyId, emu.Emulator.Options.SecretAccessKey, new TamperSink())))
            { BaseAddress = new Uri(emu.Emulator.HttpEndpoint) };

            var r = await Send(http, HttpMethod.Post, "/things/dev-1", "{}");

            Assert.AreEqual("InvalidSignatureException", r.ErrorType);
            Assert.IsNull(emu.Emulator.Registry.FindThing("dev-1"));
            Assert.IsNull(emu.Emulator.Registry.FindThing("dev-2"));
        }

        [TestMethod]
        public async Task UnknownAccessKey_IsUnrecognizedClient()
        {
            await using var emu = await TestEmulator.StartAsync();
            using var http = new HttpClient(new NfDevice.Cloud.Control.SigV4SigningHandler("AKIAUNKNOWNKEY000000", "x", null)) { BaseAddress = new Uri(emu.Emulator.HttpEndpoint) };

            var r = await Send(http, HttpMethod.Get, "/things");

            Assert.AreEqual(HttpStatusCode.Forbidden, r.Status);
            Assert.AreEqual("UnrecognizedClientException", r.ErrorType);
        }

        [TestMethod]
        public async Task OldSignature_IsExpired()
        {
            await using var emu = await TestEmulator.StartAsync();
            using var http = emu.SignedHttp(now: () => DateTimeOffset.UtcNow.AddMinutes(-20));

            var r = await Send(http, HttpMethod.Get, "/things");

            Assert.AreEqual("InvalidSignatureException", r.ErrorType);
            StringAssert.StartsWith(r.Json.GetProperty("message").GetString(), "Signature expired");
        }

        [TestMethod]
        public async Task ScopeOfAServiceNotEmulated_IsRefusedByTheIotGate()
        {
            await using var emu = await TestEmulator.StartAsync();
            using var http = new HttpClient(new NfDevice.Cloud.Control.SigV4SigningHandler(emu.Emulator.Options.AccessKeyId, emu.Emulator.Options.SecretAccessKey, null, service: "dynamodb"))
            { BaseAddress = new Uri(emu.Emulator.HttpEndpoint) };

            var r = await Send(http, HttpMethod.Get, "/things");

            Assert.AreEqual("InvalidSignatureException", r.ErrorType);
            StringAssert.Contains(r.Json.GetProperty("message").GetString(), "correct service");
        }

        [TestMethod]
        public async Task KeysAndCertificate_Inactive_ThenActivatedAndAttached_Connects()
        {
            await using var emu = await TestEmulator.StartAsync();
            using var http = emu.SignedHttp();
            await Send(http, HttpMethod.Post, "/things/dev-1", "{}");

            var created = await Send(http, HttpMethod.Post, "/keys-and-certificate?setAsActive=false");
            Assert.AreEqual("certificateArn,certificateId,certificatePem,keyPair", Json.Keys(created.Json));
            Assert.AreEqual("PrivateKey,PublicKey", Json.Keys(created.Json.GetProperty("keyPair")));
            string id = created.Json.GetProperty("certificateId").GetString();
            string arn = created.Json.GetProperty("certificateArn").GetString();
            Assert.AreEqual(Arns.Certificate(id), arn);
            var attach = await Send(http, HttpMethod.Put, "/things/dev-1/principals", null, r => r.Headers.Add("x-amzn-principal", arn));
            Assert.AreEqual(HttpStatusCode.OK, attach.Status, attach.ErrorType + " " + attach.Json);
            var identity = new DeviceIdentity
            {
                ThingName = "dev-1",
                CertificatePem = created.Json.GetProperty("certificatePem").GetString(),
                PrivateKeyPem = created.Json.GetProperty("keyPair").GetProperty("PrivateKey").GetString(),
                RootCaPem = emu.Emulator.Ca.RootPem,
            };

            bool refused = false;
            try { await (await TestDevice.ConnectAsync(emu.Emulator, identity)).DisposeAsync(); } catch (Exception) { refused = true; }
            Assert.IsTrue(refused, "an INACTIVE certificate must not connect");

            await Send(http, HttpMethod.Put, "/certificates/" + id + "?newStatus=ACTIVE");
            await using var dev = await TestDevice.ConnectAsync(emu.Emulator, identity);
            Assert.IsTrue(dev.Client.IsConnected);
        }

        private sealed class TamperingHandler : DelegatingHandler
        {
            public TamperingHandler(HttpMessageHandler inner) : base(inner) { }
        }

        // Runs after signing: changes the path's thing name so the signature no longer matches.
        private sealed class TamperSink : DelegatingHandler
        {
            public TamperSink() : base(new HttpClientHandler()) { }

            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, System.Threading.CancellationToken cancellationToken)
            {
                request.RequestUri = new Uri(request.RequestUri.ToString().Replace("dev-1", "dev-2"));
                return base.SendAsync(request, cancellationToken);
            }
        }
    }
}
