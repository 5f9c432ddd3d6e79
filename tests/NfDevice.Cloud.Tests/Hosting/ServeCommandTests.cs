using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace NfDevice.Cloud.Tests.Hosting
{
    /// <summary>`nfcloud serve` options that are checked before anything binds.</summary>
    [TestClass]
    public sealed class ServeCommandTests
    {
        [TestMethod]
        public async Task Serve_RefusesAListenValueThatIsNotAnIpAddress()
        {
            int rc = await Program.BuildRoot().Parse(new[] { "serve", "--listen", "my-laptop", "--http-port", "0", "--mqtt-port", "0", "--s3-port", "0" }).InvokeAsync();

            Assert.AreEqual(2, rc);
        }

        [TestMethod]
        public void Serve_HasTheFirmwareAndLanOptions()
        {
            var serve = Program.BuildRoot().Subcommands;
            var names = new System.Collections.Generic.List<string>();
            foreach (var c in serve) if (c.Name == "serve") foreach (var o in c.Options) names.Add(o.Name);

            CollectionAssert.IsSubsetOf(new[] { "--s3-port", "--listen", "--endpoint" }, names);
        }
    }
}
