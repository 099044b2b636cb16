// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "jobresult.h"

#include <QString>

#include <concepts>
#include <cstddef>
#include <type_traits>
#include <utility>
#include <variant>

namespace termdesk::storage {

class JobContext;
/// The error a failed job left in the context (JobContext::takeError).
QString takeJobError(JobContext &ctx);

/// A storage job: a value type that names its result (`using Result = …`, a JobResult) and runs
/// itself on the writer's connection (`bool run(JobContext &, Result &) const`).
template <typename Job>
concept StorageJob = std::derived_from<typename Job::Result, JobResult> &&
    requires(const Job &job, JobContext &ctx, typename Job::Result &out)
{
    {
        job.run(ctx, out)
        } -> std::same_as<bool>;
};

namespace detail {
template <typename Job> struct ResultOf
{
    using type = JobResult; // only reached for a job that is not a StorageJob, which JobList refuses
};
template <typename Job>
requires requires
{
    typename Job::Result;
}
struct ResultOf<Job>
{
    using type = typename Job::Result;
};

template <typename Job> constexpr bool checkJob()
{
    static_assert(StorageJob<Job>, "every storage job needs `using Result = ...` (derived from JobResult) and "
                                   "`bool run(JobContext &ctx, Result &out) const`");
    return true;
}
} // namespace detail

/// @brief What the writer and StorageClient know about a list of jobs (a std::variant of them):
/// the result of each, in the same order (Outcome), where a job type sits in the list, and how to
/// run one. Every job in the list must be a StorageJob and any job submitted must be in the list:
/// both are checked when this compiles, so a job cannot be forgotten (tests/compile).
template <typename Jobs> struct JobList;

template <typename... Jobs> struct JobList<std::variant<Jobs...>>
{
    static constexpr bool valid = (detail::checkJob<Jobs>() && ...);
    using Outcome = std::variant<typename detail::ResultOf<Jobs>::type...>;

    /// The position of `Job` in the list.
    template <typename Job> static constexpr std::size_t indexOf()
    {
        constexpr bool same[] = {std::is_same_v<Job, Jobs>...};
        std::size_t i = 0;
        while (i < sizeof...(Jobs) && !same[i])
            ++i;
        return i;
    }
    template <typename Job> static constexpr bool contains = indexOf<Job>() < sizeof...(Jobs);

    /// Runs the job; the outcome holds its own result type, ok or not (error from the context).
    static Outcome run(const std::variant<Jobs...> &job, JobContext &ctx);
    /// The outcome of a job that did not run (its transaction failed, the writer is closed).
    static Outcome failed(std::size_t index, const QString &why)
    {
        return failedAt(index, why, std::index_sequence_for<Jobs...>{});
    }
    static bool ok(const Outcome &outcome)
    {
        return std::visit([](const JobResult &r) { return r.ok; }, outcome);
    }
    /// How many records a job puts in a transaction: `records()` where a job has it, else 1.
    static int records(const std::variant<Jobs...> &job)
    {
        return std::visit(
            [](const auto &j) {
                if constexpr (requires { j.records(); })
                    return j.records();
                else
                    return 1;
            },
            job);
    }

private:
    template <std::size_t... I>
    static Outcome failedAt(std::size_t index, const QString &why, std::index_sequence<I...>)
    {
        Outcome out;
        ((index == I ? void(out.template emplace<I>().error = why) : void()), ...);
        return out;
    }
};

template <typename... Jobs>
auto JobList<std::variant<Jobs...>>::run(const std::variant<Jobs...> &job, JobContext &ctx) -> Outcome
{
    static_assert(valid);
    return std::visit(
        [&ctx](const auto &j) {
            using Job = std::decay_t<decltype(j)>;
            constexpr std::size_t index = indexOf<Job>();
            Outcome out(std::in_place_index<index>);
            auto &result = std::get<index>(out);
            result.ok = j.run(ctx, result);
            if (!result.ok)
                result.error = takeJobError(ctx);
            return out;
        },
        job);
}

} // namespace termdesk::storage
