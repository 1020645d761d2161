import '@mantine/charts/styles.css';
import { AreaChart, BarChart } from '@mantine/charts';
import { Alert, Anchor, Button, EmptyState, Group, Paper, SegmentedControl, SimpleGrid, Skeleton, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { keepPreviousData } from '@tanstack/react-query';
import { useId, useMemo, useState, type ReactNode } from 'react';
import { frequencyTiers, type Dashboard, type UpcomingBirthday } from '../../../shared/contract';
import { currencyDigits } from '../../../shared/format/money';
import { useApiQuery } from '../../api';
import { useDialogs } from '../../app/dialogs';
import { navigate } from '../../app/router';
import { PlusIcon } from '../../components/icons';
import { MetricCard } from '../../components/MetricCard';
import { useIsOwner } from '../auth/session';
import { tierHints, tierLabels } from '../customers/labels';
import { useFormat, useSettings } from '../settings/settings';
import { ChartIcon, UploadIcon } from '../../components/icons';

const periods = [3, 6, 12, 24] as const;

/** Percentages, counts and money for the owner's numbers, all through Intl with the shop's settings. */
function useDashboardFormat() {
  const settings = useSettings();
  const format = useFormat();
  return useMemo(() => {
    const percent = new Intl.NumberFormat(settings.locale, { style: 'percent', maximumFractionDigits: 1 });
    const compact = new Intl.NumberFormat(settings.locale, { style: 'currency', currency: settings.currency, notation: 'compact', maximumFractionDigits: 1 });
    const month = new Intl.DateTimeFormat(settings.locale, { month: 'short', year: '2-digit', timeZone: 'UTC' });
    const scale = 10 ** currencyDigits(settings.currency);
    return {
      ...format,
      percent: (ratio: number) => percent.format(ratio),
      /** Axis ticks: "GH₵1.2K". */
      compactMoney: (minor: number) => compact.format(minor / scale),
      /** "2026-03" -> "Mar 26". */
      month: (key: string) => {
        const [y, m] = key.split('-').map(Number);
        return month.format(new Date(Date.UTC(y, m - 1, 1)));
      },
    };
  }, [settings, format]);
}

/** The owner's view: headline numbers with their exact definitions, and how they move month to month. */
export function DashboardScreen() {
  const [months, setMonths] = useState<number>(12);
  const query = useApiQuery('stats.dashboard', { months }, { placeholderData: keepPreviousData });

  return (
    <Stack gap="md" pb="xl">
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
        <div>
          <Title order={1} fz="h2">
            Dashboard
          </Title>
          <Text c="dimmed" size="sm">
            How your customers behave: who comes back, what they spend, and where they come from.
          </Text>
        </div>
        <Group gap="xs" wrap="nowrap">
          <Text size="sm" fw={500} id="dashboard-period-label">
            Period
          </Text>
          <SegmentedControl
            aria-labelledby="dashboard-period-label"
            value={String(months)}
            onChange={(value) => setMonths(Number(value))}
            data={periods.map((p) => ({ value: String(p), label: `${p} months` }))}
          />
        </Group>
      </Group>
      {query.isError ? (
        <Alert color="red" title="The dashboard could not be loaded">
          <Stack gap="sm">
            <Text size="sm">{query.error.message}</Text>
            <Button variant="light" color="red" w="fit-content" onClick={() => query.refetch()}>
              Try again
            </Button>
          </Stack>
        </Alert>
      ) : !query.data ? (
        <DashboardSkeleton />
      ) : query.data.stats.totalCustomers === 0 && query.data.stats.customerRevenue === 0 ? (
        <NewShop />
      ) : (
        <DashboardBody data={query.data} months={months} />
      )}
    </Stack>
  );
}

function DashboardSkeleton() {
  return (
    <Stack gap="md" aria-busy="true" aria-label="Loading the dashboard">
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }} spacing="sm">
        {Array.from({ length: 10 }, (_, i) => (
          <Skeleton key={i} height={96} />
        ))}
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        {Array.from({ length: 4 }, (_, i) => (
          <Skeleton key={i} height={300} />
        ))}
      </SimpleGrid>
    </Stack>
  );
}

function NewShop() {
  const dialogs = useDialogs();
  const isOwner = useIsOwner();
  return (
    <Paper withBorder radius="md" p="xl">
      <EmptyState
        icon={<ChartIcon size={28} />}
        withIndicatorBackground
        title="Your dashboard fills in as customers arrive"
        description="Add your first customer at the counter, or bring in the list you already have from a spreadsheet, Shopify, Square or Mailchimp."
      >
        <EmptyState.Actions>
          <Button leftSection={<PlusIcon size={16} />} onClick={() => dialogs.openNewCustomer()}>
            Add your first customer
          </Button>
          {isOwner ? (
            <Button variant="default" leftSection={<UploadIcon size={16} />} onClick={() => navigate({ name: 'import' })}>
              Import a list
            </Button>
          ) : null}
        </EmptyState.Actions>
      </EmptyState>
    </Paper>
  );
}

function DashboardBody({ data, months }: { data: Dashboard; months: number }) {
  const f = useDashboardFormat();
  const { stats } = data;
  const newByMonth = data.newCustomersByMonth.map((p) => ({ month: f.month(p.month), customers: p.value }));
  const revenueByMonth = data.revenueByMonth.map((p) => ({ month: f.month(p.month), revenue: p.value }));
  const tiers = frequencyTiers.map((t) => ({ tier: tierLabels[t], customers: data.customersByTier[t] }));
  const sources = data.bySource.map((s) => ({ ...s, label: s.source ?? 'Not recorded' }));
  const period = `last ${months} months`;

  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }} spacing="sm" verticalSpacing="sm" component="section" aria-label="Headline numbers">
        <MetricCard label="Total customers" hint="Everyone not archived">
          {f.count(stats.totalCustomers)}
        </MetricCard>
        <MetricCard label="Active customers" hint="Bought in the last 90 days">
          {f.count(stats.activeCustomers)}
        </MetricCard>
        <MetricCard label="New in the last 7 days" hint="Added to the book">
          {f.count(stats.newLast7Days)}
        </MetricCard>
        <MetricCard label="New this month" hint="Since the 1st, shop time">
          {f.count(stats.newThisMonth)}
        </MetricCard>
        <MetricCard label="Repeat customers" hint={`${f.percent(stats.repeatRate)} repeat rate`}>
          {f.count(stats.repeatCustomers)}
        </MetricCard>
        <MetricCard label="Repeat rate" hint={`Of ${f.count(stats.purchasingCustomers)} who bought, 2+ purchases`}>
          {f.percent(stats.repeatRate)}
        </MetricCard>
        <MetricCard label="Average lifetime value" hint="Spend per customer who bought" title={f.money(stats.averageLifetimeValue)}>
          {f.money(stats.averageLifetimeValue)}
        </MetricCard>
        <MetricCard label="Customer revenue" hint="All sales, voids left out" title={f.money(stats.customerRevenue)}>
          {f.money(stats.customerRevenue)}
        </MetricCard>
        <MetricCard label="Revenue this month" hint="Since the 1st, shop time" title={f.money(stats.revenueThisMonth)}>
          {f.money(stats.revenueThisMonth)}
        </MetricCard>
        <MetricCard label="Email opt-in rate" hint="Subscribed, of those with an email">
          {f.percent(data.stats.emailOptInRate)}
        </MetricCard>
      </SimpleGrid>

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" verticalSpacing="md">
        <ChartCard
          title="New customers per month"
          caption={period}
          table={{ head: ['Month', 'New customers'], rows: newByMonth.map((p) => [p.month, f.count(p.customers)]) }}
        >
          <BarChart
            h={240}
            accessibilityLayer={false}
            data={newByMonth}
            dataKey="month"
            series={[{ name: 'customers', label: 'New customers', color: 'indigo.6' }]}
            tickLine="none"
            gridAxis="x"
            valueFormatter={(v) => f.count(v)}
            yAxisProps={{ allowDecimals: false, width: 40 }}
            maxBarWidth={36}
          />
        </ChartCard>
        <ChartCard
          title="Revenue per month"
          caption={`${period}, voided sales left out`}
          table={{ head: ['Month', 'Revenue'], rows: revenueByMonth.map((p) => [p.month, f.money(p.revenue)]) }}
        >
          <AreaChart
            h={240}
            accessibilityLayer={false}
            data={revenueByMonth}
            dataKey="month"
            series={[{ name: 'revenue', label: 'Revenue', color: 'teal.7' }]}
            curveType="monotone"
            tickLine="none"
            gridAxis="x"
            valueFormatter={(v) => f.money(v)}
            yAxisProps={{ tickFormatter: (v: number) => f.compactMoney(v), width: 72 }}
            withDots={revenueByMonth.length <= 12}
          />
        </ChartCard>
        <ChartCard
          title="Customers by frequency tier"
          caption="Purchases in the last 12 months"
          table={{ head: ['Tier', 'Customers'], rows: tiers.map((t) => [t.tier, f.count(t.customers)]) }}
        >
          <BarChart
            h={240}
            accessibilityLayer={false}
            data={tiers}
            dataKey="tier"
            series={[{ name: 'customers', label: 'Customers', color: 'violet.6' }]}
            tickLine="none"
            gridAxis="x"
            valueFormatter={(v) => f.count(v)}
            yAxisProps={{ allowDecimals: false, width: 40 }}
            maxBarWidth={48}
          />
          <Text size="sm" c="dimmed" mt="xs">
            {frequencyTiers.map((t) => `${tierLabels[t]}: ${tierHints[t].replace(' in the last 12 months', '').toLowerCase()}`).join(' · ')}
          </Text>
        </ChartCard>
        <ChartCard
          title="Customers and revenue by source"
          caption="Where customers first heard of you"
          table={{ head: ['Source', 'Customers', 'Revenue'], rows: sources.map((s) => [s.label, f.count(s.customers), f.money(s.revenue)]) }}
        >
          {sources.length === 0 ? (
            <Text size="sm" c="dimmed">
              No customers yet.
            </Text>
          ) : (
            <SimpleGrid cols={2} spacing="sm">
              <BarChart
                h={240}
                accessibilityLayer={false}
                data={sources.slice(0, 8)}
                dataKey="label"
                orientation="vertical"
                series={[{ name: 'customers', label: 'Customers', color: 'indigo.6' }]}
                tickLine="none"
                gridAxis="y"
                valueFormatter={(v) => f.count(v)}
                xAxisProps={{ allowDecimals: false }}
                yAxisProps={{ width: 90 }}
                maxBarWidth={22}
                xAxisLabel="Customers"
              />
              <BarChart
                h={240}
                accessibilityLayer={false}
                data={sources.slice(0, 8)}
                dataKey="label"
                orientation="vertical"
                series={[{ name: 'revenue', label: 'Revenue', color: 'teal.7' }]}
                tickLine="none"
                gridAxis="y"
                valueFormatter={(v) => f.money(v)}
                xAxisProps={{ tickFormatter: (v: number) => f.compactMoney(v) }}
                yAxisProps={{ width: 90 }}
                maxBarWidth={22}
                xAxisLabel="Revenue"
              />
            </SimpleGrid>
          )}
        </ChartCard>
      </SimpleGrid>

      <UpcomingBirthdays birthdays={data.upcomingBirthdays} />

      <Paper withBorder radius="md" p="md" component="section" aria-labelledby="by-source-title">
        <Title order={2} fz="lg" id="by-source-title" mb={4}>
          Acquisition sources
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          Customers, revenue and repeat rate by where they came from. Repeat rate: of those who bought, the share who bought twice or more.
        </Text>
        <Table striped highlightOnHover aria-labelledby="by-source-title">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Source</Table.Th>
              <Table.Th className="num">Customers</Table.Th>
              <Table.Th className="num">Revenue</Table.Th>
              <Table.Th className="num">Repeat rate</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {sources.map((s) => (
              <Table.Tr key={s.label}>
                <Table.Td>{s.source ?? <Text span c="dimmed">Not recorded</Text>}</Table.Td>
                <Table.Td className="num">{f.count(s.customers)}</Table.Td>
                <Table.Td className="num">{f.money(s.revenue)}</Table.Td>
                <Table.Td className="num">{f.percent(s.repeatRate)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
    </Stack>
  );
}

/** A chart with a visible title, and the same numbers as a table for screen readers. */
function ChartCard({ title, caption, table, children }: { title: string; caption: string; table: { head: string[]; rows: string[][] }; children: ReactNode }) {
  const id = useId();
  return (
    <Paper withBorder radius="md" p="md" component="figure" m={0} aria-labelledby={id}>
      <Group justify="space-between" align="baseline" mb="sm" gap="xs">
        <Title order={2} fz="lg" id={id}>
          {title}
        </Title>
        <Text size="sm" c="dimmed">
          {caption}
        </Text>
      </Group>
      <div aria-hidden="true">{children}</div>
      <VisuallyHidden>
        <table>
          <caption>{title}</caption>
          <thead>
            <tr>
              {table.head.map((h) => (
                <th key={h} scope="col">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row, i) => (
              <tr key={i}>
                {row.map((cell, j) => (
                  <td key={j}>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </VisuallyHidden>
    </Paper>
  );
}

/** The next 7 days' birthdays, soonest first, each a link to the profile: the offer goes out in time. */
function UpcomingBirthdays({ birthdays }: { birthdays: UpcomingBirthday[] }) {
  const { locale } = useSettings();
  // A day and a month, in a leap year so that 29 February reads too; never a year, never an age.
  const dayAndMonth = useMemo(() => new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', timeZone: 'UTC' }), [locale]);
  const shown = (birthday: string) => {
    const [month, day] = birthday.split('-').map(Number);
    return dayAndMonth.format(Date.UTC(2000, month - 1, day));
  };
  const when = (inDays: number) => (inDays === 0 ? 'Today' : inDays === 1 ? 'Tomorrow' : `In ${inDays} days`);
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="birthdays-title">
      <Title order={2} fz="lg" id="birthdays-title" mb={4}>
        Birthdays in the next 7 days
      </Title>
      {birthdays.length === 0 ? (
        <Text size="sm" c="dimmed">
          None this week.
        </Text>
      ) : (
        <Table striped highlightOnHover aria-labelledby="birthdays-title">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Customer</Table.Th>
              <Table.Th>Birthday</Table.Th>
              <Table.Th>When</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {birthdays.map((b) => (
              <Table.Tr key={b.customerId}>
                <Table.Td>
                  <Anchor component="button" type="button" fz="sm" onClick={() => navigate({ name: 'customer', id: b.customerId })}>
                    {b.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>{shown(b.birthday)}</Table.Td>
                <Table.Td>{when(b.inDays)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Paper>
  );
}
