#Requires -Version 5.1
# The account a service logs on as (Win32_Service.StartName) and the one it was installed with:
# SCM event 7045 ("A service was installed in the system") names the account, while the System log
# still holds it. The app decides the kind (virtual, managed, domain, local, LocalSystem).
# Input:  { "name": "ADSync" }
# Output: { ok: true, data: { Name, StartName, Original: null | { AccountName, TimeCreated } } }
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
# No cmdlet before DsdCommon has pinned the module path: a path join, not Join-Path.
. ([System.IO.Path]::Combine($PSScriptRoot, 'DsdCommon.ps1'))

$in = Read-DsdInput
$name = Get-DsdServiceNameField -Object $in
$record = Get-DsdServiceRecord -Name $name
if ($null -eq $record) {
    Write-DsdFailure -Code 'service-not-found' -Message ("The service '" + $name + "' is not installed on this computer.") -WindowsError 1060
}

$original = $null
$installed = @(Get-WinEvent -FilterHashtable @{ LogName = 'System'; ProviderName = 'Service Control Manager'; Id = 7045 } -ErrorAction SilentlyContinue)
foreach ($event in $installed) {
    # 7045 insertion strings: ServiceName, ImagePath, ServiceType, StartType, AccountName.
    $values = @($event.Properties | ForEach-Object { $_.Value })
    if (($values.Count -ge 5) -and (([string]$values[0] -eq [string]$record.Name) -or ([string]$values[0] -eq [string]$record.DisplayName))) {
        $original = [ordered]@{ AccountName = [string]$values[4]; TimeCreated = (ConvertTo-DsdIsoDate -Value $event.TimeCreated) }
    }
}
Write-DsdResult -Data ([ordered]@{ Name = [string]$record.Name; StartName = [string]$record.StartName; Original = $original })
