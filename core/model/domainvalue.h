// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLatin1StringView>
#include <QStringView>

#include <cstddef>
#include <optional>

namespace termdesk {

/// @brief The shape every domain value table shares (issue 13, item 3): an `enum class` whose
/// numbers are explicit and only ever appended, one table of the text stored for each value, a
/// `name(X)` overload and a `fromName<X>(text)` specialisation, declared next to each enum
/// (model/commandstate.h, model/commandkind.h, model/credentialkind.h, model/admission.h).
/// `fromName` of a text no table holds is nullopt: every caller says what it does then.
template <typename T> std::optional<T> fromName(QStringView text);

namespace domainvalue {

/// The value whose @p names entry equals @p text (a table is indexed by the enum's number).
template <typename T, std::size_t N> std::optional<T> find(const QLatin1StringView (&names)[N], QStringView text)
{
    for (std::size_t i = 0; i < N; ++i) {
        if (text == names[i])
            return static_cast<T>(i);
    }
    return std::nullopt;
}

/// The @p names entry of @p value; empty for a number outside the table (a cast gone wrong).
template <typename T, std::size_t N> QLatin1StringView nameOf(const QLatin1StringView (&names)[N], T value)
{
    const auto i = static_cast<std::size_t>(value);
    return i < N ? names[i] : QLatin1StringView();
}

} // namespace domainvalue
} // namespace termdesk
