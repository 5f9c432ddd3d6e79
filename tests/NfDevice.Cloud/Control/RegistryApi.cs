using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using NfDevice.Cloud.Iot;

namespace NfDevice.Cloud.Control
{
    /// <summary>AWS IoT registry routes (botocore iot 2015-05-28): things, thing groups, certificates, endpoint.</summary>
    internal static class RegistryApi
    {
        public static void Map(IEndpointRouteBuilder app, Emulator em)
        {
            Registry reg = em.Registry;

            HttpJson.Map(app, "POST", "/things/{thingName}", async ctx =>
            {
                string name = HttpJson.Route(ctx, "thingName");
                if (!Registry.IsValidName(name)) throw AwsException.Invalid("1 validation error detected: Value '" + name + "' at 'thingName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9:_-]+");
                JsonElement body = await HttpJson.Body(ctx);
                var attributes = new Dictionary<string, string>();
                if (HttpJson.Obj(body, "attributePayload") is JsonElement ap && HttpJson.Obj(ap, "attributes") is JsonElement attrs)
                    foreach (var p in attrs.EnumerateObject()) attributes[p.Name] = p.Value.GetString();
                if (!reg.TryCreateThing(name, attributes, out ThingRecord thing))
                {
                    // AWS answers CreateThing idempotently when nothing differs.
                    bool same = thing.Attributes.Count == attributes.Count && !attributes.Except(thing.Attributes).Any();
                    if (!same) throw new AwsException("ResourceAlreadyExistsException", 409, "Thing " + name + " already exists in account with different attributes");
                }
                return new { thingName = thing.Name, thingArn = thing.Arn, thingId = thing.Id };
            });

            HttpJson.Map(app, "GET", "/things/{thingName}", ctx =>
            {
                ThingRecord t = Thing(reg, HttpJson.Route(ctx, "thingName"));
                return new { defaultClientId = t.Name, thingName = t.Name, thingId = t.Id, thingArn = t.Arn, attributes = t.Attributes, version = t.Version };
            });

            HttpJson.Map(app, "DELETE", "/things/{thingName}", ctx =>
            {
                string name = HttpJson.Route(ctx, "thingName");
                reg.DeleteThing(name);
                return null;
            });

            HttpJson.Map(app, "GET", "/things", ctx =>
            {
                var page = Page(ctx, reg.ListThings(), 50);
                return new
                {
                    things = page.Items.Select(t => new { thingName = t.Name, thingArn = t.Arn, attributes = t.Attributes, version = t.Version }).ToList(),
                    nextToken = page.NextToken,
                };
            });

            HttpJson.Map(app, "POST", "/thing-groups/{thingGroupName}", async ctx =>
            {
                string name = HttpJson.Route(ctx, "thingGroupName");
                if (!Registry.IsValidName(name)) throw AwsException.Invalid("Invalid thing group name " + name);
                await HttpJson.Body(ctx);
                if (!reg.TryCreateGroup(name, em.NowSeconds, out ThingGroupRecord g))
                    throw new AwsException("ResourceAlreadyExistsException", 409, "Thing Group " + name + " already exists");
                return new { thingGroupName = g.Name, thingGroupArn = g.Arn, thingGroupId = g.Id };
            });

            HttpJson.Map(app, "GET", "/thing-groups/{thingGroupName}", ctx =>
            {
                string name = HttpJson.Route(ctx, "thingGroupName");
                ThingGroupRecord g = reg.FindGroup(name) ?? throw AwsException.NotFound("Thing Group " + name + " does not exist");
                return new { thingGroupName = g.Name, thingGroupId = g.Id, thingGroupArn = g.Arn, version = 1, thingGroupProperties = new { }, thingGroupMetadata = new { creationDate = g.CreatedAt } };
            });

            HttpJson.Map(app, "GET", "/thing-groups", ctx =>
                new { thingGroups = reg.ListGroups().Select(g => new { groupName = g.Name, groupArn = g.Arn }).ToList() });

            HttpJson.Map(app, "PUT", "/thing-groups/addThingToThingGroup", async ctx =>
            {
                var (thing, group) = ThingAndGroup(reg, await HttpJson.Body(ctx));
                if (reg.AddToGroup(thing, group)) em.Jobs.OnThingAddedToGroup(thing, group);
                return null;
            });

            HttpJson.Map(app, "PUT", "/thing-groups/removeThingFromThingGroup", async ctx =>
            {
                var (thing, group) = ThingAndGroup(reg, await HttpJson.Body(ctx));
                if (reg.RemoveFromGroup(thing, group)) em.Jobs.OnThingRemovedFromGroup(thing, group);
                return null;
            });

            HttpJson.Map(app, "POST", "/keys-and-certificate", ctx =>
            {
                // Per the API reference, setAsActive defaults to false: the certificate is INACTIVE until activated.
                bool active = HttpJson.QueryFlag(ctx, "setAsActive");
                var (certPem, keyPem, publicPem) = em.Ca.IssueDeviceCertificate("AWS IoT Certificate");
                using var cert = X509Certificate2.CreateFromPem(certPem);
                string id = CertificateAuthority.CertificateId(cert);
                CertificateRecord rec = reg.AddCertificate(id, certPem, active);
                return new { certificateArn = rec.Arn, certificateId = id, certificatePem = certPem, keyPair = new { PublicKey = publicPem, PrivateKey = keyPem } };
            });

            HttpJson.Map(app, "PUT", "/certificates/{certificateId}", ctx =>
            {
                string id = HttpJson.Route(ctx, "certificateId");
                string status = HttpJson.Query(ctx, "newStatus");
                if (status != "ACTIVE" && status != "INACTIVE") throw AwsException.Invalid("Value '" + status + "' at 'newStatus' failed to satisfy constraint: Member must satisfy enum value set: [ACTIVE, INACTIVE]");
                if (!reg.SetCertificateStatus(id, status)) throw AwsException.NotFound("The certificate " + id + " does not exist");
                return null;
            });

            HttpJson.Map(app, "PUT", "/things/{thingName}/principals", ctx =>
            {
                ThingRecord t = Thing(reg, HttpJson.Route(ctx, "thingName"));
                string principal = ctx.Request.Headers["x-amzn-principal"].ToString();
                if (string.IsNullOrEmpty(principal)) throw AwsException.Invalid("1 validation error detected: Value null at 'principal' failed to satisfy constraint: Member must not be null");
                string id = principal.StartsWith(Arns.IotPrefix + "cert/", StringComparison.Ordinal) ? principal.Substring(Arns.IotPrefix.Length + 5) : null;
                if (id == null || reg.FindCertificate(id) == null) throw AwsException.NotFound("The certificate given in the principal does not exist.");
                reg.Attach(t.Name, id);
                return null;
            });

            HttpJson.Map(app, "GET", "/things/{thingName}/principals", ctx =>
            {
                ThingRecord t = Thing(reg, HttpJson.Route(ctx, "thingName"));
                return new { principals = t.Certificates.Select(Arns.Certificate).ToList() };
            });

            // Emulator-only (not an AWS route): what `nfcloud provision` calls on a running emulator.
            HttpJson.Map(app, "POST", "/_emulator/provision/{thingName}", ctx =>
            {
                string name = HttpJson.Route(ctx, "thingName");
                if (!Registry.IsValidName(name)) throw AwsException.Invalid("Invalid thing name " + name);
                string profile = HttpJson.Query(ctx, "signingProfile") ?? Emulator.DefaultSigningProfile;
                DeviceIdentity id;
                try { id = em.ProvisionWithCodeSigning(name, profile); }
                catch (Signer.SignerException e) { throw AwsException.Invalid("signing profile " + profile + ": " + e.Message); }
                return new
                {
                    thingName = id.ThingName, certificateId = id.CertificateId, certificatePem = id.CertificatePem, privateKey = id.PrivateKeyPem,
                    rootCa = id.RootCaPem, codeSigningCertificate = id.CodeSigningCertificatePem, signingProfile = profile,
                    mqttPort = em.MqttPort, endpoint = em.DeviceHost,
                };
            });

            HttpJson.Map(app, "GET", "/endpoint", ctx => new { endpointAddress = em.DeviceHost });
        }

        private static ThingRecord Thing(Registry reg, string name) =>
            reg.FindThing(name) ?? throw AwsException.NotFound("Thing " + name + " cannot be found.");

        private static (string Thing, string Group) ThingAndGroup(Registry reg, JsonElement body)
        {
            string thing = HttpJson.Str(body, "thingName");
            string thingArn = HttpJson.Str(body, "thingArn");
            if (thing == null && thingArn != null && thingArn.StartsWith(Arns.IotPrefix + "thing/", StringComparison.Ordinal)) thing = thingArn.Substring(Arns.IotPrefix.Length + 6);
            string group = HttpJson.Str(body, "thingGroupName");
            string groupArn = HttpJson.Str(body, "thingGroupArn");
            if (group == null && groupArn != null && groupArn.StartsWith(Arns.IotPrefix + "thinggroup/", StringComparison.Ordinal)) group = groupArn.Substring(Arns.IotPrefix.Length + 11);
            if (thing == null || group == null) throw AwsException.Invalid("Both a thing and a thing group must be specified.");
            if (reg.FindThing(thing) == null) throw AwsException.NotFound("Thing " + thing + " cannot be found.");
            if (reg.FindGroup(group) == null) throw AwsException.NotFound("Thing Group " + group + " does not exist");
            return (thing, group);
        }

        /// <summary>maxResults/nextToken paging (the token is the offset).</summary>
        public static (List<T> Items, string NextToken) Page<T>(Microsoft.AspNetCore.Http.HttpContext ctx, IReadOnlyList<T> all, int defaultMax)
        {
            int max = int.TryParse(HttpJson.Query(ctx, "maxResults"), out int m) && m > 0 ? Math.Min(m, 250) : defaultMax;
            int start = int.TryParse(HttpJson.Query(ctx, "nextToken"), out int s) && s >= 0 ? s : 0;
            var items = all.Skip(start).Take(max).ToList();
            return (items, start + items.Count < all.Count ? (start + items.Count).ToString(System.Globalization.CultureInfo.InvariantCulture) : null);
        }
    }
}
