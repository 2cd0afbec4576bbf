using StreamGuard.Plaid;

namespace StreamGuard.Core.Tests.Plaid;

public sealed class PlaidItemStoreTests : IDisposable
{
    private const string AccessToken = "access-sandbox-5cd6e1b1-1b5b-459d-9284-366e2da89755";
    private static readonly byte[] s_key = Enumerable.Range(7, 32).Select(i => (byte)i).ToArray();
    private readonly string _directory = Directory.CreateTempSubdirectory("sg-plaid-store-").FullName;

    private string FilePath => Path.Combine(_directory, "state", "items.json");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task SaveItemAsync_ThenReopen_RevealsTokenButDiskHoldsNoPlaintext()
    {
        using (var store = new PlaidItemStore(FilePath, new PlaidTokenProtector(s_key), TimeProvider.System))
        {
            await store.SaveItemAsync("item-1", "ins_109508", AccessToken, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        }

        byte[] onDisk = await File.ReadAllBytesAsync(FilePath).WaitAsync(TimeSpan.FromSeconds(30));
        string text = System.Text.Encoding.UTF8.GetString(onDisk);
        Assert.DoesNotContain(AccessToken, text, StringComparison.Ordinal);
        Assert.DoesNotContain("5cd6e1b1", text, StringComparison.Ordinal);
        Assert.Contains("\"encrypted_access_token\":\"v1:", text, StringComparison.Ordinal);
        Assert.False(File.Exists(FilePath + ".tmp"));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(FilePath));
        }

        using var reopened = new PlaidItemStore(FilePath, new PlaidTokenProtector(s_key), TimeProvider.System);
        PlaidStoredItem item = Assert.Single(await reopened.ListAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(("item-1", "ins_109508", null), (item.ItemId, item.InstitutionId, item.Cursor));
        Assert.Equal(AccessToken, reopened.RevealAccessToken(item));
    }

    [Fact]
    public async Task SaveCursorAsync_KnownItem_PersistsCursorAndKeepsToken()
    {
        using var store = new PlaidItemStore(FilePath, new PlaidTokenProtector(s_key), TimeProvider.System);
        await store.SaveItemAsync("item-1", null, AccessToken, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        await store.SaveItemAsync("item-2", null, AccessToken + "-2", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        await store.SaveCursorAsync("item-2", "cursor-abc", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        IReadOnlyList<PlaidStoredItem> items = await store.ListAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal([null, "cursor-abc"], items.Select(i => i.Cursor));
        Assert.NotNull(items[1].LastSyncedAt);
        Assert.Equal(AccessToken + "-2", store.RevealAccessToken(items[1]));
    }

    [Fact]
    public async Task SaveCursorAsync_UnknownItem_ThrowsNamingTheItem()
    {
        using var store = new PlaidItemStore(FilePath, new PlaidTokenProtector(s_key), TimeProvider.System);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.SaveCursorAsync("item-9", "c", CancellationToken.None)).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Contains("item-9", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAsync_CorruptFile_SaysWhichFile()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        await File.WriteAllTextAsync(FilePath, "{ not json").WaitAsync(TimeSpan.FromSeconds(30));
        using var store = new PlaidItemStore(FilePath, new PlaidTokenProtector(s_key), TimeProvider.System);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => store.ListAsync(CancellationToken.None)).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Contains(FilePath, error.Message, StringComparison.Ordinal);
    }
}
