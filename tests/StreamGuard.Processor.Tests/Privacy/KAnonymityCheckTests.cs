using Microsoft.Data.Sqlite;
using StreamGuard.Privacy;
using StreamGuard.Runtime.Sinks.Sqlite;

namespace StreamGuard.Processor.Tests.Privacy;

public sealed class KAnonymityCheckTests
{
    [Fact]
    public void Report_ClassesSizedInPeople_ManyRowsOfOnePersonStillBelowK()
    {
        var check = new KAnonymityCheck(k: 3);
        foreach (string c in new[] { "c1", "c2", "c3" })
        {
            check.Add(c, "40-49", "MA", "021", "42N072W");
        }

        check.Add("c4", "20-29", "WY", "000", "44N108W", rows: 100);
        check.Add("c5", "20-29", "MA", "021", "42N072W", rows: 2);

        KAnonymityReport report = check.Report();

        Assert.Equal(5, report.Customers);
        Assert.Equal(105, report.Rows);
        Assert.Equal(3, report.Classes);
        Assert.Equal(1, report.SmallestClass);
        Assert.Equal(2, report.ClassesBelowK);
        Assert.Equal(2, report.CustomersBelowK);
        Assert.Equal(102, report.RowsBelowK);
    }

    [Fact]
    public void Report_EveryClassAtLeastK_NothingBelow()
    {
        var check = new KAnonymityCheck(k: 2);
        check.Add("c1", null, "MA", null, null);
        check.Add("c2", null, "MA", null, null);
        check.Add("c1", null, "MA", null, null);

        KAnonymityReport report = check.Report();

        Assert.Equal(2, report.SmallestClass);
        Assert.Equal(0, report.ClassesBelowK);
        Assert.Equal(0, report.RowsBelowK);
        Assert.Equal(3, report.Rows);
    }

    [Fact]
    public void Read_StoredTransactions_GroupsOnThePublishedJsonFields()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using (SqliteCommand create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE transactions (transaction_id TEXT, customer_id TEXT NOT NULL, json TEXT NOT NULL)";
            create.ExecuteNonQuery();
        }

        (string Customer, string Json)[] rows =
        [
            ("c1", """{"age_band":"40-49","home_state":"MA","home_zip3":"021","home_cell":"42N072W"}"""),
            ("c2", """{"age_band":"40-49","home_state":"MA","home_zip3":"021","home_cell":"42N072W"}"""),
            ("c2", """{"age_band":"40-49","home_state":"MA","home_zip3":"021","home_cell":"42N072W"}"""),
            ("c3", """{"age_band":"30-39","home_state":"MA","home_zip3":"021","home_cell":"42N072W"}"""),
            ("c4", """{"home_state":"MA"}"""),
        ];
        foreach ((string customer, string json) in rows)
        {
            using SqliteCommand insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO transactions VALUES ('t', $c, $j)";
            insert.Parameters.AddWithValue("$c", customer);
            insert.Parameters.AddWithValue("$j", json);
            insert.ExecuteNonQuery();
        }

        KAnonymityReport report = StoredKAnonymity.Read(connection, k: 2);

        Assert.Equal(4, report.Customers);
        Assert.Equal(5, report.Rows);
        Assert.Equal(3, report.Classes);
        Assert.Equal(1, report.SmallestClass);
        Assert.Equal(2, report.CustomersBelowK);
        Assert.Equal(2, report.RowsBelowK);
        Assert.Equal(["age_band", "home_state", "home_zip3", "home_cell"], report.QuasiIdentifiers);
    }
}
