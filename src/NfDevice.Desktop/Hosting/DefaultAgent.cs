using System;

namespace NfDevice.Desktop.Hosting
{
    /// <summary>Composes the core's JobAgent with the desktop platform and the built-in handlers.</summary>
    public static class DefaultAgent
    {
        /// <summary>The default <see cref="AgentFactory"/>.</summary>
        public static IDeviceAgent Create(AgentPlatform platform)
        {
            throw new NotSupportedException("The core's JobAgent is not available yet; pass DesktopDeviceOptions.AgentFactory.");
        }
    }
}
