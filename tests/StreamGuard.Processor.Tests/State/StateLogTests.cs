using StreamGuard.Pipeline.State;
using StreamGuard.Processor.Tests.Contracts;
using StreamGuard.Runtime.Sinks.Sqlite;

namespace StreamGuard.Processor.Tests.State;

/// <summary>
/// The embedded store's item log: a save appends its changed items as blobs and publishes them with the
/// checkpoint row; the blobs are folded into <c>state_items</c> later. A restore must give the saved
/// items whether the blobs were folded, half folded or not at all, and never a save that did not publish.
/// </summary>
public sealed class StateLogTests : IDisposable
{
    private const string ItemStage = "items";
    private const string WholeStage = "whole";
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);
    private readonly TempSqliteFolders _folders = new();

    [Fact]
    public async Task Load_WithUnfoldedBlobs_GivesTheSavedItems()
    {
        string dir = _folders.New();
        var saves = new SaveScript(seed: 1);
        using (SqliteStore db = _folders.Open(dir))
        {
            SqliteStateStore store = Unfolded(db);
            await SaveAsync(store, saves, rounds: 5);

            // A full save of 12,000 items and four deltas: several blobs each, none folded.
            Assert.True(store.LogBlobs() >= 3 + 4, $"the log holds {store.LogBlobs()} blobs");
        }

        Assert.Equal(saves.Expected, await LoadItemsAsync(dir));
    }

    [Fact]
    public async Task Load_AfterAFullOrAHalfDoneFold_GivesTheSameItems()
    {
        string dir = _folders.New();
        var saves = new SaveScript(seed: 2);
        using (SqliteStore db = _folders.Open(dir))
        {
            SqliteStateStore store = Unfolded(db);
            await SaveAsync(store, saves, rounds: 3);
            store.FoldNow();
            Assert.Equal(0, store.LogBlobs());
            await SaveAsync(store, saves, rounds: 2);
            FoldThenKill(store);
        }

        await AssertLoadsBeforeAndAfterTheFoldAsync(dir, saves.Expected);
    }

    [Fact]
    public async Task Fold_SavesWithAFullSaveAmongThem_FoldsThemTogetherAndLoadsTheLatest()
    {
        string dir = _folders.New();
        var later = new SaveScript(seed: 6);
        using (SqliteStore db = _folders.Open(dir))
        {
            SqliteStateStore store = Unfolded(db);
            // Two saves, then a full save (which clears the stage) and a delta: one fold takes all four.
            await SaveAsync(store, new SaveScript(seed: 5), rounds: 2);
            await SaveAsync(store, later, rounds: 2);
            // The clear and part of the rows are done when the kill comes.
            FoldThenKill(store);
        }

        await AssertLoadsBeforeAndAfterTheFoldAsync(dir, later.Expected);
    }

    [Fact]
    public async Task Fold_FailingInsideTheSinksOpenGroup_LeavesTheGroupToCommitAndTheSavesToFoldLater()
    {
        string dir = _folders.New();
        var saves = new SaveScript(seed: 7);
        using (SqliteStore db = _folders.Open(dir))
        {
            SqliteStateStore store = Unfolded(db);
            await SaveAsync(store, saves, rounds: 2);

            // The disk refuses the fold's rows (a real SQLite statement error) while the sink's group holds a batch's row.
            db.Execute("CREATE TEMP TRIGGER fold_refused BEFORE INSERT ON state_items BEGIN SELECT RAISE(ABORT, 'refused'); END");
            lock (db.Gate)
            {
                db.BeginGroup();
                db.Execute("INSERT INTO folder_meta (name, value) VALUES ('sink-batch', 'accepted')");
            }

            Assert.ThrowsAny<Exception>(() =>
            {
                while (store.FoldStep())
                {
                }
            });
            db.CommitPending();
            Assert.Equal("accepted", db.KeepFolderSetting("sink-batch", "other"));
            Assert.True(store.LogBlobs() > 0, "the saves' blobs stay in the log");

            db.Execute("DROP TRIGGER fold_refused");
            store.FoldNow();
            Assert.Equal(0, store.LogBlobs());
        }

        Assert.Equal(saves.Expected, await LoadItemsAsync(dir));
    }

    [Fact]
    public async Task Load_SaveKilledBetweenItsBlobsAndItsMark_GivesThePreviousSave()
    {
        string dir = _folders.New();
        var saves = new SaveScript(seed: 3);
        List<string> published;
        using (SqliteStore db = _folders.Open(dir))
        {
            SqliteStateStore store = Unfolded(db);
            await SaveAsync(store, saves, rounds: 2);
            published = saves.Expected;

            // The sink's group commits the first two of the next save's three blobs; the process dies before the mark.
            store.BlobWritten = written =>
            {
                if (written == 2)
                {
                    db.CommitPending();
                    throw new OperationCanceledException("killed");
                }
            };
            StateCheckpoint killed = saves.Next(upserts: 10_000, removals: 0);
            await Assert.ThrowsAsync<OperationCanceledException>(() => store.SaveAsync(killed, CancellationToken.None).WaitAsync(s_timeout));
        }

        Assert.Equal(published, await LoadItemsAsync(dir));

        // The next process's first save drops the dead save's blobs; its own state is what then loads.
        var again = new SaveScript(seed: 4);
        using (SqliteStore db = _folders.Open(dir))
        {
            await SaveAsync(Unfolded(db), again, rounds: 2);
        }

        Assert.Equal(again.Expected, await LoadItemsAsync(dir));
    }

    public void Dispose() => _folders.Dispose();

    /// <summary>A state store whose saves stay in the log until the test folds them.</summary>
    private static SqliteStateStore Unfolded(SqliteStore db) => new(db) { FoldsInBackground = false };

    private static async Task SaveAsync(SqliteStateStore store, SaveScript saves, int rounds)
    {
        for (int round = 0; round < rounds; round++)
        {
            await store.SaveAsync(saves.Next(), CancellationToken.None).WaitAsync(s_timeout);
        }
    }

    /// <summary>A fold stopped after three slices (a kill): rows written, every blob still in the log.</summary>
    private static void FoldThenKill(SqliteStateStore store)
    {
        for (int slice = 0; slice < 3; slice++)
        {
            Assert.True(store.FoldStep());
        }

        Assert.True(store.LogBlobs() > 0);
    }

    /// <summary>The half-folded log restores <paramref name="expected"/>; so does the log once a next process folded all of it.</summary>
    private async Task AssertLoadsBeforeAndAfterTheFoldAsync(string dir, List<string> expected)
    {
        Assert.Equal(expected, await LoadItemsAsync(dir));
        using (SqliteStore db = _folders.Open(dir))
        {
            var store = new SqliteStateStore(db);
            store.FoldNow();
            Assert.Equal(0, store.LogBlobs());
        }

        Assert.Equal(expected, await LoadItemsAsync(dir));
    }

    private async Task<List<string>> LoadItemsAsync(string dir)
    {
        using SqliteStore db = _folders.Open(dir);
        StateCheckpoint saved = (await new SqliteStateStore(db).LoadAsync(CancellationToken.None).WaitAsync(s_timeout))!;
        Assert.Equal([9, 9], saved.Stages.Single(s => s.Name == WholeStage).Data);
        StageState items = saved.Stages.Single(s => s.Name == ItemStage);
        return [.. items.LoadItems!().Select(Text)];
    }

    private static string Text(StateItem item) => $"{item.Kind}:{item.Key}:{Convert.ToHexString(item.Data)}";

    /// <summary>A full save then deltas of random upserts (new and existing keys, two kinds) and removals, with the items they must leave.</summary>
    private sealed class SaveScript(int seed)
    {
        private readonly Random _random = new(seed);
        private readonly Dictionary<(byte Kind, long Key), byte[]> _items = [];
        private bool _started;

        public List<string> Expected =>
            [.. _items.OrderBy(p => p.Key).Select(p => Text(new StateItem(p.Key.Kind, p.Key.Key, p.Value)))];

        public StateCheckpoint Next(int upserts = 3_000, int removals = 700)
        {
            var changes = new StateItems(full: !_started) { Head = [1, 2, 3] };
            if (!_started)
            {
                _started = true;
                for (int i = 0; i < 12_000; i++)
                {
                    Upsert(changes, ((byte)(i % 2), _random.NextInt64()));
                }
            }
            else
            {
                (byte Kind, long Key)[] existing = [.. _items.Keys];
                for (int i = 0; i < upserts; i++)
                {
                    Upsert(changes, i % 3 == 0 ? existing[_random.Next(existing.Length)] : ((byte)(i % 2), _random.NextInt64()));
                }

                // Upserts apply before removals: a key both changed and removed in one save ends removed.
                foreach ((byte kind, long key) in existing.OrderBy(_ => _random.Next()).Take(removals))
                {
                    changes.Remove(kind, key);
                    _items.Remove((kind, key));
                }
            }

            return new StateCheckpoint(
                new Dictionary<string, string>(StringComparer.Ordinal) { ["s"] = "1" },
                [new StageState(ItemStage, changes.Head) { Items = changes }, new StageState(WholeStage, [9, 9])],
                DateTimeOffset.UnixEpoch);
        }

        private void Upsert(StateItems changes, (byte Kind, long Key) key)
        {
            byte[] data = new byte[1 + _random.Next(40)];
            _random.NextBytes(data);
            changes.Upsert(key.Kind, key.Key, data);
            _items[key] = data;
        }
    }
}
