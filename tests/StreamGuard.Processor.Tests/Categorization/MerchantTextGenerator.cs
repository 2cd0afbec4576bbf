using System.Globalization;
using System.Text;
using StreamGuard.Core.Taxonomy;

namespace StreamGuard.Processor.Tests.Categorization;

/// <summary>
/// Raw bank merchant text with the noise real statements carry: processor prefixes ("SQ *", "TST*",
/// "POS "), store numbers, reference codes, city suffixes, case changes and truncation. Names are
/// brand names or category words around made-up names, so held-back text has names never seen.
/// </summary>
internal sealed class MerchantTextGenerator
{
    private static readonly (string Category, string[] Brands, string[] Templates)[] s_lexicon =
    [
        (BudgetCategory.FoodAndDrink,
            ["STARBUCKS", "BLUE BOTTLE COFFEE", "MCDONALD'S", "CHIPOTLE", "DUNKIN", "SUBWAY", "WHOLE FOODS MKT", "TRADER JOE'S", "SAFEWAY", "KROGER", "DOORDASH", "UBER EATS", "GRUBHUB", "PANERA BREAD", "TACO BELL", "SWEETGREEN"],
            ["{0} PIZZA", "{0} COFFEE", "CAFE {0}", "{0} GRILL", "{0} BAKERY", "{0} SUSHI", "{0} DELI", "{0} TAQUERIA", "{0} KITCHEN", "{0} BURGERS", "{0} NOODLE HOUSE", "{0} GROCERY"]),
        (BudgetCategory.Transportation,
            ["UBER *TRIP", "LYFT *RIDE", "SHELL OIL", "CHEVRON", "EXXONMOBIL", "BP", "CLIPPER TRANSIT", "MTA*NYCT PAYGO", "BART", "PARKMOBILE", "ARCO", "76 FUEL"],
            ["{0} GAS", "{0} FUEL", "{0} PARKING", "{0} TAXI", "{0} PETRO", "{0} TRANSIT", "{0} GAS STATION", "{0} PARKING GARAGE"]),
        (BudgetCategory.Travel,
            ["UNITED AIRLINES", "DELTA AIR LINES", "SOUTHWEST AIR", "AMERICAN AIRLINES", "MARRIOTT", "HILTON", "AIRBNB", "EXPEDIA", "HERTZ", "AVIS RENT A CAR", "BOOKING.COM", "JETBLUE"],
            ["{0} HOTEL", "{0} INN", "{0} RESORT", "{0} AIRLINES", "{0} CAR RENTAL", "{0} SUITES", "{0} MOTEL", "{0} TRAVEL AGENCY"]),
        (BudgetCategory.GeneralMerchandise,
            ["AMAZON MKTPLACE", "AMZN MKTP", "TARGET", "WALMART", "COSTCO WHSE", "BEST BUY", "EBAY", "ETSY", "MACY'S", "NORDSTROM", "OLD NAVY", "TJ MAXX"],
            ["{0} BOUTIQUE", "{0} OUTLET", "{0} BOOKS", "{0} DEPT STORE", "{0} TOYS", "{0} ELECTRONICS", "{0} APPAREL", "{0} GIFT SHOP", "{0} SHOES"]),
        (BudgetCategory.Entertainment,
            ["NETFLIX.COM", "SPOTIFY", "HULU", "AMC THEATRES", "STEAM GAMES", "TICKETMASTER", "DISNEY PLUS", "REGAL CINEMAS", "XBOX LIVE", "PLAYSTATION NETWORK"],
            ["{0} CINEMA", "{0} THEATER", "{0} BOWLING", "{0} ARCADE", "{0} TICKETS", "{0} CONCERT HALL", "{0} MINI GOLF", "{0} MUSEUM"]),
        (BudgetCategory.Medical,
            ["CVS PHARMACY", "WALGREENS", "KAISER PERMANENTE", "QUEST DIAGNOSTICS", "LABCORP", "RITE AID"],
            ["{0} DENTAL", "{0} PHARMACY", "{0} CLINIC", "{0} MEDICAL GROUP", "DR {0} MD", "{0} PEDIATRICS", "{0} OPTOMETRY", "{0} URGENT CARE", "{0} HOSPITAL"]),
        (BudgetCategory.PersonalCare,
            ["PLANET FITNESS", "EQUINOX", "GREAT CLIPS", "SEPHORA", "ULTA BEAUTY", "SUPERCUTS"],
            ["{0} SALON", "{0} BARBER", "{0} DAY SPA", "{0} NAILS", "{0} FITNESS", "{0} GYM", "{0} YOGA", "{0} BEAUTY", "{0} HAIR STUDIO"]),
        (BudgetCategory.HomeImprovement,
            ["HOME DEPOT", "LOWE'S", "ACE HARDWARE", "IKEA", "WAYFAIR", "SHERWIN WILLIAMS", "MENARDS"],
            ["{0} HARDWARE", "{0} LUMBER", "{0} PLUMBING", "{0} FURNITURE", "{0} GARDEN CENTER", "{0} PAINT", "{0} FLOORING", "{0} ROOFING"]),
        (BudgetCategory.RentAndUtilities,
            ["PG&E", "CON EDISON", "COMCAST", "XFINITY", "VERIZON WIRELESS", "AT&T", "T-MOBILE", "SPECTRUM", "DUKE ENERGY"],
            ["{0} APARTMENTS", "{0} PROPERTY MGMT", "{0} WATER DEPT", "{0} ELECTRIC", "{0} ENERGY", "{0} GAS AND ELECTRIC", "{0} INTERNET", "{0} RENT"]),
        (BudgetCategory.GeneralServices,
            ["GEICO", "STATE FARM", "USPS", "FEDEX", "THE UPS STORE", "H&R BLOCK", "PROGRESSIVE INS"],
            ["{0} INSURANCE", "{0} LAW OFFICE", "{0} DRY CLEANERS", "{0} STORAGE", "{0} ACCOUNTING", "{0} AUTO REPAIR", "{0} LOCKSMITH", "{0} CLEANING SERVICE"]),
    ];

    private static readonly string[] s_prefixes = ["SQ *", "TST* ", "POS ", "PAYPAL *", "SP * ", "DD *", "CHECKCARD 0412 ", "POS DEBIT ", "PURCHASE AUTHORIZED ON 04/12 ", "APLPAY "];
    private static readonly string[] s_cities = ["SAN FRANCISCO CA", "NEW YORK NY", "AUSTIN TX", "CHICAGO IL", "SEATTLE WA", "DENVER CO", "MIAMI FL", "BOSTON MA"];
    private static readonly string[] s_syllables = ["KA", "VO", "MI", "RE", "LA", "TO", "SAN", "BER", "DI", "NO", "QUI", "ZEL", "MAR", "POR", "LU", "GEN", "TA", "RIO", "BEL", "FON"];

    private readonly Random _random;

    public MerchantTextGenerator(int seed) => _random = new Random(seed);

    public static int CategoryCount => s_lexicon.Length;

    /// <summary>One labelled example. <paramref name="brandPart"/> picks brands: 0 = first three quarters, 1 = last quarter (held out).</summary>
    public (string Text, string Category) Next(int brandPart = 0, double brandShare = 0.5)
    {
        (string category, string[] brands, string[] templates) = s_lexicon[_random.Next(s_lexicon.Length)];
        string name;
        if (_random.NextDouble() < brandShare)
        {
            int split = (brands.Length * 3) / 4;
            name = brandPart == 0 ? brands[_random.Next(split)] : brands[split + _random.Next(brands.Length - split)];
        }
        else
        {
            name = string.Format(CultureInfo.InvariantCulture, templates[_random.Next(templates.Length)], MadeUpName());
        }

        return (AddNoise(name), category);
    }

    private string MadeUpName()
    {
        var name = new StringBuilder();
        int syllables = 2 + _random.Next(2);
        for (int i = 0; i < syllables; i++)
        {
            name.Append(s_syllables[_random.Next(s_syllables.Length)]);
        }

        return _random.NextDouble() < 0.3 ? name + "'S" : name.ToString();
    }

    private string AddNoise(string name)
    {
        var text = new StringBuilder();
        if (_random.NextDouble() < 0.4)
        {
            text.Append(s_prefixes[_random.Next(s_prefixes.Length)]);
        }

        text.Append(name);
        if (_random.NextDouble() < 0.5)
        {
            text.Append(_random.NextDouble() < 0.5 ? " #" : " ").Append(_random.Next(10, 99999).ToString(CultureInfo.InvariantCulture));
        }

        if (_random.NextDouble() < 0.3)
        {
            text.Append(' ').Append((char)('A' + _random.Next(26))).Append(_random.Next(1, 9).ToString(CultureInfo.InvariantCulture)).Append((char)('A' + _random.Next(26)));
        }

        if (_random.NextDouble() < 0.4)
        {
            text.Append(' ').Append(s_cities[_random.Next(s_cities.Length)]);
        }

        string result = text.ToString();
        double roll = _random.NextDouble();
        if (roll < 0.15)
        {
            result = result.ToLowerInvariant();
        }
        else if (roll < 0.3)
        {
            result = CultureInfo.InvariantCulture.TextInfo.ToTitleCase(result.ToLowerInvariant());
        }

        return _random.NextDouble() < 0.15 && result.Length > 22 ? result[..22] : result;
    }
}
