// The ECharts pieces Régua draws, registered once; imported lazily by echart.tsx so
// neither the library nor these modules weigh on the first page load.
import { BarChart, LineChart, PieChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import { init, use } from "echarts/core";
import { SVGRenderer } from "echarts/renderers";

use([BarChart, PieChart, LineChart, GridComponent, TooltipComponent, LegendComponent, SVGRenderer]);

export { init };
