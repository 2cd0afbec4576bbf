namespace StreamGuard.Producer.Generation;

/// <summary>The word lists synthetic people, places and merchants are made from.</summary>
internal static class Catalog
{
    public static readonly string[] FirstNamesFemale = ["Mary", "Jennifer", "Linda", "Susan", "Karen", "Lisa", "Nancy", "Sandra", "Ashley", "Emily", "Donna", "Michelle", "Carol", "Amanda", "Melissa", "Deborah", "Stephanie", "Rebecca", "Laura", "Sharon", "Cynthia", "Kathleen", "Amy", "Angela", "Anna", "Brenda", "Pamela", "Nicole", "Samantha", "Katherine"];
    public static readonly string[] FirstNamesMale = ["James", "John", "Robert", "Michael", "William", "David", "Richard", "Joseph", "Thomas", "Charles", "Christopher", "Daniel", "Matthew", "Anthony", "Mark", "Donald", "Steven", "Paul", "Andrew", "Joshua", "Kenneth", "Kevin", "Brian", "George", "Timothy", "Ronald", "Edward", "Jason", "Jeffrey", "Ryan"];
    public static readonly string[] LastNames = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores"];
    public static readonly string[] StreetNames = ["Oak", "Maple", "Cedar", "Pine", "Elm", "Washington", "Lake", "Hill", "Park", "Sunset", "Ridge", "Meadow", "Forest", "River", "Spring", "Valley", "Highland", "Church", "Mill", "Jackson"];
    public static readonly string[] StreetSuffixes = ["Street", "Avenue", "Road", "Lane", "Drive", "Court", "Way", "Place", "Terrace", "Crossing"];
    public static readonly string[] Jobs = ["Teacher", "Nurse", "Software engineer", "Accountant", "Electrician", "Sales professional, IT", "Retail merchandiser", "Civil engineer", "Pharmacist", "Lawyer", "Chef", "Mechanical engineer", "Graphic designer", "Police officer", "Administrator, education", "Surveyor, land/geomatics", "Journalist", "Dentist", "Architect", "Paramedic"];
    public static readonly string[] CompanyWords = ["Kirlin", "Sporer", "Keebler", "Bednar", "Towne", "Friesen", "Heller", "Gutmann", "Zieme", "Kuhn", "Schmitt", "Bauch", "Raynor", "Kozey", "Lind", "Hackett", "Boyer", "Stracke", "Ortiz", "Wisoky", "Rippin", "Kerluke", "Abbott", "Huels", "Lesch", "Cormier", "Dooley", "Medhurst", "Bruen", "Gleason"];
    public static readonly string[] CompanyForms = ["LLC", "Ltd", "Inc", "PLC", "Group", "and Sons"];

    /// <summary>City, state, zip, latitude, longitude, population.</summary>
    public static readonly (string City, string State, string Zip, double Lat, double Lon, int Population)[] Cities =
    [
        ("Columbia", "SC", "29209", 33.9659, -80.9355, 333497), ("Altonah", "UT", "84002", 40.3207, -110.436, 302),
        ("Spring Church", "PA", "15686", 40.6153, -79.4545, 972), ("Sixes", "OR", "97476", 42.825, -124.4409, 217),
        ("Denver", "CO", "80202", 39.7392, -104.9903, 715522), ("Austin", "TX", "78701", 30.2672, -97.7431, 961855),
        ("Madison", "WI", "53703", 43.0731, -89.4012, 269840), ("Boise", "ID", "83702", 43.615, -116.2023, 235684),
        ("Raleigh", "NC", "27601", 35.7796, -78.6382, 467665), ("Omaha", "NE", "68102", 41.2565, -95.9345, 486051),
        ("Burlington", "VT", "05401", 44.4759, -73.2121, 44743), ("Tucson", "AZ", "85701", 32.2226, -110.9747, 542629),
        ("Albany", "NY", "12207", 42.6526, -73.7562, 99224), ("Fresno", "CA", "93721", 36.7378, -119.7871, 542107),
        ("Tulsa", "OK", "74103", 36.154, -95.9928, 413066), ("Duluth", "MN", "55802", 46.7867, -92.1005, 86697),
        ("Savannah", "GA", "31401", 32.0809, -81.0912, 147780), ("Spokane", "WA", "99201", 47.6588, -117.426, 228989),
        ("Lexington", "KY", "40507", 38.0406, -84.5037, 322570), ("Bangor", "ME", "04401", 44.8012, -68.7778, 31753),
    ];
}
