using Microsoft.Data.Sqlite;
using StreamGuard.Core.Model;
using StreamGuard.Runtime.Sinks.Sqlite;

namespace StreamGuard.Processor.Tests.Sinks;

/// <summary>The window sums the SQLite sink keeps per write group: written at the commit, or early into the open transaction past their limit.</summary>
public sealed class SqliteWindowDeltasTests : IDisposable
{
    private static readonly DateTimeOffset s_day = new(2024, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sg-deltas-" + Guid.NewGuid().ToString("N"));
    private readonly SqliteStore _store;

    public SqliteWindowDeltasTests() => _store = new SqliteStore(_dir);

    private static WindowTotal Change(string key, long count, decimal amount) => new("day", s_day, "customer", key, count, amount);

    private List<string> Rows()
    {
        using SqliteCommand command = _store.Connection.CreateCommand();
        command.CommandText = "SELECT key, count, amount FROM aggregates ORDER BY key";
        using SqliteDataReader row = command.ExecuteReader();
        var rows = new List<string>();
        while (row.Read())
        {
            rows.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{row.GetString(0)}:{row.GetInt64(1)}:{row.GetDouble(2)}"));
        }

        return rows;
    }

    [Fact]
    public void Flush_ChangesToOneCell_AddedOnceToWhatIsStored()
    {
        using var deltas = new SqliteWindowDeltas(_store);
        deltas.Add(Change("b", 1, 2.5m));
        deltas.Flush();
        deltas.Add(Change("b", 2, 1.25m));
        deltas.Add(Change("a", 1, 4m));
        deltas.Add(Change("b", 1, 0.25m));
        Assert.Equal(2, deltas.Pending);

        deltas.Flush();

        Assert.Equal(0, deltas.Pending);
        Assert.Equal(["a:1:4", "b:4:4"], Rows());
    }

    [Theory]
    [InlineData("0.1", "0.2", "0.3")]
    [InlineData("310.15", "0.0001", "-0.0001")]
    [InlineData("9999999.99", "0.01", "1234.5678")]
    public void Flush_SameChangesInOtherGroups_SameStoredTotal(string first, string second, string third)
    {
        decimal[] amounts = [.. new[] { first, second, third }.Select(a => decimal.Parse(a, System.Globalization.CultureInfo.InvariantCulture))];
        using var deltas = new SqliteWindowDeltas(_store);

        // One flush per change (a run whose groups were cut small) and one for all three (one group).
        foreach (decimal amount in amounts)
        {
            deltas.Add(Change("apart", 1, amount));
            deltas.Flush();
        }

        foreach (decimal amount in amounts)
        {
            deltas.Add(Change("together", 1, amount));
        }

        deltas.Flush();

        List<string> rows = Rows();
        Assert.Equal(rows[1].Replace("together", "apart", StringComparison.Ordinal), rows[0]);
        Assert.Equal(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"apart:3:{double.Parse(amounts.Sum().ToString(System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture)}"), rows[0]);
    }

    [Fact]
    public void Add_PastTheLimit_WritesEarlyIntoTheOpenTransactionWhichARollbackTakesBack()
    {
        using var deltas = new SqliteWindowDeltas(_store, maxPending: 2);
        lock (_store.Gate)
        {
            _store.BeginGroup();
            deltas.Add(Change("a", 1, 1m));
            Assert.Empty(Rows());
            deltas.Add(Change("b", 1, 1m));
            Assert.Equal(0, deltas.Pending);
            Assert.Equal(["a:1:1", "b:1:1"], Rows());

            _store.RollbackPending();
        }

        Assert.Empty(Rows());
    }

    public void Dispose()
    {
        _store.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
