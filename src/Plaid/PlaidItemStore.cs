using System.Text.Json;

namespace StreamGuard.Plaid;

/// <summary>
/// Linked items in a small JSON file: access tokens sealed with <see cref="PlaidTokenProtector"/>,
/// and each item's sync cursor. Every write replaces the file atomically (write aside, then rename),
/// so a crash leaves the old or the new state, never half of one.
/// </summary>
public sealed class PlaidItemStore : IDisposable
{
    private readonly string _path;
    private readonly PlaidTokenProtector _protector;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public PlaidItemStore(string path, PlaidTokenProtector protector, TimeProvider time)
    {
        _path = Path.GetFullPath(path);
        _protector = protector;
        _time = time;
    }

    public string FilePath => _path;

    public void Dispose() => _gate.Dispose();

    public async Task<IReadOnlyList<PlaidStoredItem>> ListAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await LoadAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Stores a newly linked item (or a re-linked one, whose cursor then starts over).</summary>
    public Task<PlaidStoredItem> SaveItemAsync(string itemId, string? institutionId, string accessToken, CancellationToken cancellationToken) =>
        SaveItemAsync(itemId, institutionId, accessToken, personId: null, cancellationToken);

    /// <summary>Stores a linked item with the person it belongs to (see <see cref="PlaidStoredItem.PersonId"/>).</summary>
    public Task<PlaidStoredItem> SaveItemAsync(string itemId, string? institutionId, string accessToken, string? personId, CancellationToken cancellationToken) =>
        UpdateAsync(itemId, _ => new PlaidStoredItem
        {
            ItemId = itemId,
            InstitutionId = institutionId,
            PersonId = personId,
            EncryptedAccessToken = _protector.Protect(accessToken, itemId),
            LinkedAt = _time.GetUtcNow(),
        }, cancellationToken);

    /// <summary>Records the cursor of a round whose changes the caller has already delivered.</summary>
    public Task<PlaidStoredItem> SaveCursorAsync(string itemId, string cursor, CancellationToken cancellationToken) =>
        UpdateAsync(itemId, existing => existing is null
            ? throw new InvalidOperationException($"Plaid item {itemId} is not in {_path}; link it first.")
            : existing with { Cursor = cursor, LastSyncedAt = _time.GetUtcNow() }, cancellationToken);

    /// <summary>The plain access token, for a request to Plaid; keep it in memory only.</summary>
    public string RevealAccessToken(PlaidStoredItem item) => _protector.Unprotect(item.EncryptedAccessToken, item.ItemId);

    private async Task<PlaidStoredItem> UpdateAsync(string itemId, Func<PlaidStoredItem?, PlaidStoredItem> change, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            List<PlaidStoredItem> items = [.. await LoadAsync(cancellationToken)];
            int index = items.FindIndex(i => i.ItemId == itemId);
            PlaidStoredItem updated = change(index >= 0 ? items[index] : null);
            if (index >= 0)
            {
                items[index] = updated;
            }
            else
            {
                items.Add(updated);
            }

            await WriteAsync(new PlaidItemStoreDocument(items), cancellationToken);
            return updated;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<IReadOnlyList<PlaidStoredItem>> LoadAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(_path))
        {
            return [];
        }

        await using FileStream stream = File.OpenRead(_path);
        try
        {
            PlaidItemStoreDocument? document = await JsonSerializer.DeserializeAsync(stream, PlaidJsonContext.Default.PlaidItemStoreDocument, cancellationToken);
            return document?.Items ?? [];
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{_path} is not a Plaid item store: {e.Message}", e);
        }
    }

    private async Task WriteAsync(PlaidItemStoreDocument document, CancellationToken cancellationToken)
    {
        string? directory = Path.GetDirectoryName(_path);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        string temporary = _path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Options = FileOptions.WriteThrough };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using (var stream = new FileStream(temporary, options))
        {
            await JsonSerializer.SerializeAsync(stream, document, PlaidJsonContext.Default.PlaidItemStoreDocument, cancellationToken);
        }

        File.Move(temporary, _path, overwrite: true);
    }
}
