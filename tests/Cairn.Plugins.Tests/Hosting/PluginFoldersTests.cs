using Cairn.Hosting.Plugins;
using Cairn.Plugins.Tests.Support;

namespace Cairn.Plugins.Tests.Hosting;

public sealed class PluginFoldersTests
{
    [Fact]
    public void Default_order_is_beside_the_executable_then_the_path_variable_then_the_user_folder_then_extras()
    {
        using var temp = new TempDirectory();
        var previousPath = Environment.GetEnvironmentVariable(PluginFolders.PathVariable);
        var previousData = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        try
        {
            Environment.SetEnvironmentVariable(PluginFolders.PathVariable, $"{temp.Combine("a")}::{temp.Combine("b")}/");
            Environment.SetEnvironmentVariable("XDG_DATA_HOME", temp.Combine("data"));

            var folders = PluginFolders.Default([temp.Combine("extra"), temp.Combine("a")]);

            Assert.Equal(
                [
                    Path.Combine(AppContext.BaseDirectory, "plugins"),
                    temp.Combine("a"),
                    temp.Combine("b"),
                    temp.Combine("data", "cairn", "plugins"),
                    temp.Combine("extra"),
                ],
                folders);

            Environment.SetEnvironmentVariable("XDG_DATA_HOME", "relative/is/ignored");
            Assert.Equal(
                Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share", "cairn", "plugins"),
                PluginFolders.UserFolder());
        }
        finally
        {
            Environment.SetEnvironmentVariable(PluginFolders.PathVariable, previousPath);
            Environment.SetEnvironmentVariable("XDG_DATA_HOME", previousData);
        }
    }
}
