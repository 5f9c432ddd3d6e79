using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Cloud.Iam;

namespace NfDevice.Cloud.Tests
{
    /// <summary>IAM policy evaluation table and the IoT presign check (the two policy documents of the AWS IoT guide).</summary>
    [TestClass]
    public sealed class IamPolicyTests
    {
        internal const string IotTrust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"iot.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";
        internal const string GetObjectFw = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::fw-bucket/*\"}]}";

        private static PolicyDecision Eval(string policy, string action, string resource, string principal = null) =>
            PolicyEvaluator.Evaluate(new[] { PolicyDocument.TryParse(policy, out _) }, action, resource, principal);

        [TestMethod]
        [DataRow("s3:GetObject", "arn:aws:s3:::fw-bucket/img.bin", PolicyDecision.Allow)]
        [DataRow("S3:getobject", "arn:aws:s3:::fw-bucket/img.bin", PolicyDecision.Allow)]
        [DataRow("s3:GetObject", "arn:aws:s3:::fw-bucket/a/b/c.bin", PolicyDecision.Allow)]
        [DataRow("s3:PutObject", "arn:aws:s3:::fw-bucket/img.bin", PolicyDecision.ImplicitDeny)]
        [DataRow("s3:GetObject", "arn:aws:s3:::other-bucket/img.bin", PolicyDecision.ImplicitDeny)]
        [DataRow("s3:GetObject", "arn:aws:s3:::FW-BUCKET/img.bin", PolicyDecision.ImplicitDeny)]
        public void Evaluate_AllowsOnlyMatchingActionAndResource(string action, string resource, PolicyDecision expected) =>
            Assert.AreEqual(expected, Eval(GetObjectFw, action, resource));

        [TestMethod]
        public void Evaluate_ExplicitDenyWinsOverAllow()
        {
            const string p = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}," +
                "{\"Effect\":\"Deny\",\"Action\":\"s3:Get*\",\"Resource\":\"arn:aws:s3:::fw-bucket/secret/*\"}]}";
            Assert.AreEqual(PolicyDecision.Allow, Eval(p, "s3:GetObject", "arn:aws:s3:::fw-bucket/img.bin"));
            Assert.AreEqual(PolicyDecision.ExplicitDeny, Eval(p, "s3:GetObject", "arn:aws:s3:::fw-bucket/secret/k"));
        }

        [TestMethod]
        public void Evaluate_QuestionMarkMatchesExactlyOneCharacter()
        {
            const string p = "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":[\"s3:GetObjec?\"],\"Resource\":[\"arn:aws:s3:::fw-bucket/v?.bin\"]}}";
            Assert.AreEqual(PolicyDecision.Allow, Eval(p, "s3:GetObject", "arn:aws:s3:::fw-bucket/v1.bin"));
            Assert.AreEqual(PolicyDecision.ImplicitDeny, Eval(p, "s3:GetObject", "arn:aws:s3:::fw-bucket/v10.bin"));
            Assert.AreEqual(PolicyDecision.ImplicitDeny, Eval(p, "s3:GetObjectVersion", "arn:aws:s3:::fw-bucket/v1.bin"));
        }

        [TestMethod]
        public void Evaluate_NotActionAndConditionStatements()
        {
            const string notAction = "{\"Statement\":{\"Effect\":\"Allow\",\"NotAction\":\"s3:DeleteObject\",\"Resource\":\"*\"}}";
            Assert.AreEqual(PolicyDecision.Allow, Eval(notAction, "s3:GetObject", "arn:aws:s3:::b/k"));
            Assert.AreEqual(PolicyDecision.ImplicitDeny, Eval(notAction, "s3:DeleteObject", "arn:aws:s3:::b/k"));
            const string conditional = "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"true\"}}}}";
            Assert.AreEqual(PolicyDecision.ImplicitDeny, Eval(conditional, "s3:GetObject", "arn:aws:s3:::b/k"));
        }

        [TestMethod]
        public void Evaluate_TrustPolicyMatchesPrincipalService()
        {
            Assert.AreEqual(PolicyDecision.Allow, Eval(IotTrust, "sts:AssumeRole", null, "Service:iot.amazonaws.com"));
            Assert.AreEqual(PolicyDecision.ImplicitDeny, Eval(IotTrust, "sts:AssumeRole", null, "Service:lambda.amazonaws.com"));
            Assert.AreEqual(PolicyDecision.ImplicitDeny, Eval(IotTrust, "sts:TagSession", null, "Service:iot.amazonaws.com"));
        }

        [TestMethod]
        public void TryParse_RejectsMalformedPolicies()
        {
            Assert.IsNull(PolicyDocument.TryParse("{", out string e1));
            Assert.AreEqual("Syntax errors in policy.", e1);
            Assert.IsNull(PolicyDocument.TryParse("{\"Statement\":[{\"Effect\":\"Maybe\",\"Action\":\"*\"}]}", out _));
            Assert.IsNull(PolicyDocument.TryParse("{\"Version\":\"2020-01-01\",\"Statement\":[]}", out _));
        }

        [TestMethod]
        public void CanIotPresign_ExplainsEachMissingPiece()
        {
            var iam = new IamStore();
            Assert.AreEqual("role arn:aws:iam::123456789012:role/nope does not exist", iam.CanIotPresign("arn:aws:iam::123456789012:role/nope", "fw-bucket", "img.bin").Reason);

            IamRole lambdaRole = iam.CreateRole("lambda-role", IotTrust.Replace("iot.amazonaws.com", "lambda.amazonaws.com"));
            iam.PutRolePolicy("lambda-role", "get", GetObjectFw);
            StringAssert.Contains(iam.CanIotPresign(lambdaRole.Arn, "fw-bucket", "img.bin").Reason, "does not let iot.amazonaws.com sts:AssumeRole");

            IamRole role = iam.CreateRole("iot-presign", IotTrust);
            Assert.AreEqual($"role {role.Arn} is not allowed s3:GetObject on arn:aws:s3:::fw-bucket/img.bin (no statement allows it)",
                iam.CanIotPresign(role.Arn, "fw-bucket", "img.bin").Reason);

            IamManagedPolicy managed = iam.CreatePolicy("fw-read", GetObjectFw);
            iam.AttachRolePolicy("iot-presign", managed.Arn);
            Assert.IsTrue(iam.CanIotPresign(role.Arn, "fw-bucket", "img.bin").Ok);
            Assert.IsFalse(iam.CanIotPresign(role.Arn, "other-bucket", "img.bin").Ok);

            iam.PutRolePolicy("iot-presign", "deny", "{\"Statement\":{\"Effect\":\"Deny\",\"Action\":\"s3:*\",\"Resource\":\"arn:aws:s3:::fw-bucket/img.bin\"}}");
            StringAssert.EndsWith(iam.CanIotPresign(role.Arn, "fw-bucket", "img.bin").Reason, "(explicit deny)");
            Assert.AreEqual(2, iam.PermissionPolicies(role).Count);
        }

        [TestMethod]
        public void CreateRole_RejectsDuplicatesAndTrustWithoutPrincipal()
        {
            var iam = new IamStore();
            iam.CreateRole("r1", IotTrust);
            Assert.AreEqual("EntityAlreadyExists", Assert.ThrowsExactly<IamException>(() => iam.CreateRole("r1", IotTrust)).Code);
            Assert.AreEqual("MalformedPolicyDocument", Assert.ThrowsExactly<IamException>(() => iam.CreateRole("r2", GetObjectFw)).Code);
            Assert.AreEqual("NoSuchEntity", Assert.ThrowsExactly<IamException>(() => iam.GetRole("r3")).Code);
        }
    }
}
