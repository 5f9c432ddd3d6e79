using System.Reflection;
using System.Runtime.CompilerServices;

// nanoFramework build of the portable core only; the net10.0 build (NfDevice.Jobs.Net) generates its own.
[assembly: AssemblyTitle("NfDevice.Jobs")]
[assembly: AssemblyDescription("AWS IoT Jobs agent core for .NET nanoFramework")]
[assembly: AssemblyProduct("nf-device")]
[assembly: AssemblyVersion("1.0.0.0")]
[assembly: AssemblyFileVersion("1.0.0.0")]

// The shared tests (tests/NfDevice.Jobs.Tests) reach internal members; on nanoFramework they are compiled into
// NFUnitTest (tests/NfDevice.Jobs.Tests.Nano), as on .NET into NfDevice.Jobs.Tests.Net.
[assembly: InternalsVisibleTo("NFUnitTest")]
