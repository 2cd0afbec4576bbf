using System.Numerics;
using StreamGuard.Core.Streaming;

namespace StreamGuard.Core.Tests.Streaming;

public sealed class KinesisHashingTests
{
    [Theory]
    [InlineData("hello", "123957004363873451094272536567338222994")]
    [InlineData("a", "16955237001963240173058271559858726497")]
    [InlineData("4111111111111111", "118389335822046623765025560386204722126")]
    public void HashKey_PartitionKey_IsMd5AsUnsignedBigEndian(string key, string expected)
    {
        Assert.Equal(BigInteger.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), (BigInteger)KinesisHashing.HashKey(key));
    }

    [Fact]
    public void EvenRanges_FourShards_MatchKinesisStartingHashKeys()
    {
        (UInt128 Start, UInt128 End)[] ranges = KinesisHashing.EvenRanges(4);

        Assert.Equal(
            ["0", "85070591730234615865843651857942052864", "170141183460469231731687303715884105728", "255211775190703847597530955573826158592"],
            ranges.Select(r => ((BigInteger)r.Start).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(UInt128.MaxValue, ranges[^1].End);
        for (int i = 1; i < ranges.Length; i++)
        {
            Assert.Equal(ranges[i].Start - 1, ranges[i - 1].End);
        }
    }

    [Fact]
    public void ShardIndexOf_KnownKeys_LandInTheirRange()
    {
        (UInt128 Start, UInt128 End)[] ranges = KinesisHashing.EvenRanges(4);

        Assert.Equal(1, KinesisHashing.ShardIndexOf(KinesisHashing.HashKey("hello"), ranges)); // 1.2e38 is in [0.85e38, 1.7e38)
        Assert.Equal(0, KinesisHashing.ShardIndexOf(KinesisHashing.HashKey("a"), ranges));
        Assert.Equal(3, KinesisHashing.ShardIndexOf(UInt128.MaxValue, ranges));
        Assert.Equal(2, KinesisHashing.ShardIndexOf(ranges[2].Start, ranges));
    }
}
