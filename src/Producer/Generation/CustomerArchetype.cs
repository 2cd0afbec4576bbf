namespace StreamGuard.Producer.Generation;

/// <summary>A kind of customer: how often, when, where and on what they spend.</summary>
internal sealed record CustomerArchetype(
    string Name,
    double Weight,
    double TransactionsPerDay,
    double AmountScale,
    int MinAge,
    int MaxAge,
    double WeekendFactor,
    double TravelProbabilityPerDay,
    (int Start, int End) ActiveHours,
    IReadOnlyDictionary<string, double> CategoryMix)
{
    public static IReadOnlyList<CustomerArchetype> All { get; } =
    [
        new("budget-conscious", 0.25, 1.6, 0.7, 22, 70, 1.1, 0.003, (8, 20), Mix(grocery_pos: 30, gas_transport: 20, food_dining: 5, shopping_pos: 8, misc_pos: 8, home: 8, health_fitness: 4, personal_care: 6, kids_pets: 3, entertainment: 3, grocery_net: 3, shopping_net: 2, misc_net: 2, travel: 1)),
        new("family", 0.25, 2.6, 1.0, 30, 55, 1.4, 0.005, (7, 21), Mix(grocery_pos: 25, gas_transport: 14, kids_pets: 14, home: 10, food_dining: 8, shopping_pos: 8, entertainment: 6, health_fitness: 4, personal_care: 4, grocery_net: 3, shopping_net: 3, misc_pos: 3, misc_net: 2, travel: 1)),
        new("traveller", 0.12, 2.0, 1.4, 25, 65, 1.0, 0.08, (6, 23), Mix(travel: 18, food_dining: 18, gas_transport: 16, shopping_net: 8, shopping_pos: 8, entertainment: 8, grocery_pos: 8, misc_pos: 4, misc_net: 4, personal_care: 3, health_fitness: 2, home: 1, kids_pets: 1, grocery_net: 1)),
        new("high-spender", 0.10, 2.2, 2.6, 35, 70, 1.2, 0.02, (9, 22), Mix(shopping_pos: 18, shopping_net: 14, food_dining: 14, entertainment: 10, travel: 8, home: 8, personal_care: 8, health_fitness: 6, grocery_pos: 6, gas_transport: 4, misc_pos: 2, misc_net: 2)),
        new("student", 0.13, 1.4, 0.5, 18, 25, 1.3, 0.01, (10, 24), Mix(food_dining: 24, shopping_net: 14, entertainment: 14, grocery_pos: 12, gas_transport: 8, misc_net: 8, personal_care: 6, grocery_net: 6, shopping_pos: 6, health_fitness: 2)),
        new("retiree", 0.15, 1.1, 0.9, 65, 92, 0.9, 0.01, (8, 18), Mix(grocery_pos: 28, health_fitness: 12, home: 12, gas_transport: 10, food_dining: 8, personal_care: 8, shopping_pos: 8, misc_pos: 6, kids_pets: 4, entertainment: 4)),
    ];

    private static Dictionary<string, double> Mix(
        double grocery_pos = 0, double grocery_net = 0, double gas_transport = 0, double food_dining = 0, double shopping_pos = 0,
        double shopping_net = 0, double misc_pos = 0, double misc_net = 0, double entertainment = 0, double health_fitness = 0,
        double home = 0, double kids_pets = 0, double personal_care = 0, double travel = 0) =>
        new()
        {
            ["grocery_pos"] = grocery_pos, ["grocery_net"] = grocery_net, ["gas_transport"] = gas_transport, ["food_dining"] = food_dining,
            ["shopping_pos"] = shopping_pos, ["shopping_net"] = shopping_net, ["misc_pos"] = misc_pos, ["misc_net"] = misc_net,
            ["entertainment"] = entertainment, ["health_fitness"] = health_fitness, ["home"] = home, ["kids_pets"] = kids_pets,
            ["personal_care"] = personal_care, ["travel"] = travel,
        };
}
