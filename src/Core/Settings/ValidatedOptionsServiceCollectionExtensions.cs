using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace StreamGuard.Core.Settings;

/// <summary>Registers options bound from configuration, checked by their validator when the host starts.</summary>
public static class ValidatedOptionsServiceCollectionExtensions
{
    /// <summary>
    /// Binds <typeparamref name="TOptions"/> to <paramref name="section"/>, registers <typeparamref name="TValidator"/>
    /// (DataAnnotations through the options source generator plus the class's cross-setting rules) and validates on start,
    /// so a wrong setting stops the host before any work with a message naming it.
    /// </summary>
    public static OptionsBuilder<TOptions> AddValidatedOptions<TOptions, TValidator>(this IServiceCollection services, IConfiguration section)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
        return services.AddOptions<TOptions>().Bind(section).ValidateOnStart();
    }

    /// <summary>As above, with <typeparamref name="TRules"/> checking the rules that span several settings.</summary>
    public static OptionsBuilder<TOptions> AddValidatedOptions<TOptions, TValidator, TRules>(this IServiceCollection services, IConfiguration section)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
        where TRules : class, IValidateOptions<TOptions>
    {
        OptionsBuilder<TOptions> builder = services.AddValidatedOptions<TOptions, TValidator>(section);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TRules>());
        return builder;
    }
}
