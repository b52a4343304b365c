export { DailyDelays, type DayDelays } from './flights/daily-delays.js'
export {
  type Flight,
  type FlightColumns,
  sliceFlightColumns,
  toFlights,
} from './flights/flight-columns.js'
export { FLIGHTS_FILE_NAME, flightsParquetPath } from './flights/flights-path.js'
export {
  type ColumnDescription,
  FLIGHT_COLUMNS,
  type FlightsFile,
  openFlights,
  type ReadFlightsOptions,
} from './flights/read-flights.js'
export { type ChartFiles, writeChartFiles } from './report/chart-files.js'
export {
  createProgress,
  formatRate,
  type Progress,
  type ProgressOptions,
  type ProgressSummary,
} from './report/progress.js'
export { sparkline } from './report/sparkline.js'
export { lineChartSpec, type SvgChartOptions, svgChart } from './report/svg-chart.js'
export { svgToPng } from './report/svg-to-png.js'
export { type TerminalChartOptions, terminalChart } from './report/terminal-chart.js'
export {
  type ChartSeries,
  resampleByIndex,
  resampleByTime,
  type TimePoint,
} from './report/time-series.js'
