using Cairn.Contracts.Backends;
using Cairn.Contracts.Secrets;
using Cairn.Plugins.WebDav;
using Cairn.Testing.Servers;

namespace Cairn.Backends.Tests.WebDav;

/// <summary>Basic authentication against a live <c>rclone serve webdav</c> that demands a user and password.</summary>
public sealed class WebDavAuthenticationTests(AuthenticatedRcloneWebDavServer server) : IClassFixture<AuthenticatedRcloneWebDavServer>
{
    private IBackend Open(string? password, string? user = "cairn") =>
        new WebDavBackendProvider().Open(new BackendSettings(
            server.NewStoreUrl(),
            user is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["user"] = user },
            name => name == "password" && password is not null ? Secret.FromText(password, "test") : null));

    [Fact]
    public async Task The_right_password_opens_the_store()
    {
        await using var store = Open(server.Password);
        await store.WriteAsync("sets/a", new MemoryStream([1, 2, 3]));
        Assert.Equal(3, (await store.StatAsync("sets/a"))!.Size);
    }

    [Fact]
    public async Task A_wrong_password_is_an_authentication_error_that_does_not_show_the_password()
    {
        await using var store = Open("not-the-password");
        var write = await Assert.ThrowsAsync<BackendAuthenticationException>(() => store.WriteAsync("sets/a", new MemoryStream([1, 2, 3])));
        var stat = await Assert.ThrowsAsync<BackendAuthenticationException>(() => store.StatAsync("sets/a"));
        Assert.False(write.IsTransient);
        Assert.Contains("cairn", write.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", write.Message + stat.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_credentials_is_an_authentication_error_that_says_what_to_set()
    {
        await using var store = Open(password: null, user: null);
        var error = await Assert.ThrowsAsync<BackendAuthenticationException>(async () =>
        {
            await foreach (var _ in store.ListAsync(""))
            {
            }
        });
        Assert.Contains("password", error.Message, StringComparison.Ordinal);
    }
}
