#Requires -Version 5.1
# Facts about this computer.
# Input:  {}
# Output: { ok: true, data: { ComputerName, DnsHostName, Domain, PartOfDomain, Caption, Version,
#           ProductType (1 workstation, 2 domain controller, 3 server), Is64BitOperatingSystem, IsElevated } }
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
# No cmdlet before DsdCommon has pinned the module path: a path join, not Join-Path.
. ([System.IO.Path]::Combine($PSScriptRoot, 'DsdCommon.ps1'))

$null = Read-DsdInput

$computer = Get-CimInstance -ClassName Win32_ComputerSystem
$os = Get-CimInstance -ClassName Win32_OperatingSystem

Write-DsdResult -Data ([ordered]@{
        ComputerName           = $computer.Name
        DnsHostName            = $computer.DNSHostName
        Domain                 = $computer.Domain
        PartOfDomain           = [bool]$computer.PartOfDomain
        Caption                = $os.Caption
        Version                = $os.Version
        ProductType            = [int]$os.ProductType
        Is64BitOperatingSystem = [Environment]::Is64BitOperatingSystem
        IsElevated             = (Test-DsdElevated)
    })
