using System.Reflection;
using System.Runtime.InteropServices;

[assembly: AssemblyTitle("NfDevice.Esp32")]
[assembly: AssemblyDescription("AWS IoT Jobs agent for ESP32 boards running .NET nanoFramework")]
[assembly: AssemblyProduct("nf-device")]
[assembly: ComVisible(false)]

// Keep equal to Esp32DeviceInfo.ApplicationVersion, which the agent reports in job status details.
[assembly: AssemblyVersion("1.0.0.0")]
[assembly: AssemblyFileVersion("1.0.0.0")]
